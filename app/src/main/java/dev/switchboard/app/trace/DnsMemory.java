package dev.switchboard.app.trace;

import dev.switchboard.capture.event.DnsLookup;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Recent answered lookups per client address, to tell which lookup gave a client the address it
 * then dialled. A lookup belongs to the first connection that dials its answer; a later
 * connection to the same address gets none (it dialled the IP, or reused a cached answer — the
 * wire cannot tell which). Bounded: a few dozen lookups per client, a window of time, a cap on
 * clients. Owned by the correlation thread.
 */
final class DnsMemory {
  static final long WINDOW_NANOS = 60_000_000_000L;
  /** Lookup and SYN are seen on the client's node, one clock; this absorbs timestamp rounding. */
  static final long SLACK_NANOS = 1_000_000L;
  private static final int PER_CLIENT = 32;
  private static final int CLIENTS = 65_536;

  private static final class Remembered {
    final DnsLookup lookup;
    boolean claimed;

    Remembered(DnsLookup lookup) {
      this.lookup = lookup;
    }
  }

  private final Map<String, Deque<Remembered>> byClient =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Remembered>> eldest) {
          return size() > CLIENTS;
        }
      };

  void remember(DnsLookup lookup) {
    if (lookup.addresses().isEmpty()) {
      return;
    }
    Deque<Remembered> recent =
        byClient.computeIfAbsent(lookup.client().ip(), k -> new ArrayDeque<>());
    recent.addLast(new Remembered(lookup));
    if (recent.size() > PER_CLIENT) {
      recent.removeFirst();
    }
  }

  /**
   * The newest lookup by {@code clientIp}, made before {@code dialledAtNanos}, whose answer held
   * {@code dialledIp} — if no earlier connection claimed it; null otherwise.
   */
  DnsLookup claim(String clientIp, String dialledIp, long dialledAtNanos) {
    return find(clientIp, dialledIp, dialledAtNanos, true);
  }

  /** What {@link #claim} would give, without claiming it: for a preview of an open connection. */
  DnsLookup peek(String clientIp, String dialledIp, long dialledAtNanos) {
    return find(clientIp, dialledIp, dialledAtNanos, false);
  }

  private DnsLookup find(String clientIp, String dialledIp, long dialledAtNanos, boolean claim) {
    Deque<Remembered> recent = byClient.get(clientIp);
    if (recent == null) {
      return null;
    }
    for (Iterator<Remembered> it = recent.descendingIterator(); it.hasNext(); ) {
      Remembered r = it.next();
      long age = dialledAtNanos - r.lookup.timestampNanos();
      if (age < -SLACK_NANOS) {
        continue;
      }
      if (age > WINDOW_NANOS) {
        return null;
      }
      if (r.lookup.addresses().contains(dialledIp)) {
        if (r.claimed) {
          return null;
        }
        r.claimed = claim;
        return r.lookup;
      }
    }
    return null;
  }
}
