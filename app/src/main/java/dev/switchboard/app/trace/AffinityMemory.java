package dev.switchboard.app.trace;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The backend each client last reached per Service, to tell a ClientIP-affinity hit (same
 * backend within the timeout) from a fresh random pick. Bounded. Owned by the correlation thread.
 */
final class AffinityMemory {
  private static final int ENTRIES = 131_072;

  private record Last(String backend, long atNanos) {}

  private final Map<String, Last> last = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Last> eldest) {
      return size() > ENTRIES;
    }
  };

  /**
   * Records that {@code clientIp} reached {@code backend} through {@code service} and returns how
   * long before it last reached that same backend within {@code timeoutSeconds}, else -1.
   */
  long reuse(String clientIp, String service, String backend, long atNanos, int timeoutSeconds) {
    String key = clientIp + "|" + service;
    Last prior = last.put(key, new Last(backend, atNanos));
    if (prior == null || !prior.backend().equals(backend)) {
      return -1;
    }
    long gap = atNanos - prior.atNanos();
    return gap >= 0 && gap <= timeoutSeconds * 1_000_000_000L ? gap : -1;
  }
}
