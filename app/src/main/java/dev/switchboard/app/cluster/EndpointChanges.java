package dev.switchboard.app.cluster;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * When each Service endpoint last joined or left the API's ready set: what shows that kube-proxy
 * sent a connection to an endpoint the API had already removed (or not yet added). Keeps the last
 * change of the most recent {@link #KEPT} endpoints. Not thread-safe: owned by
 * {@link ClusterIndex}.
 */
final class EndpointChanges {
  static final int KEPT = 16_384;

  /** The last change of one endpoint: joined (true) or left the ready set, at a time (epoch ms). */
  record Change(boolean joined, long atMillis) {}

  private final LinkedHashMap<String, Change> last;

  EndpointChanges() {
    this.last = bounded();
  }

  private EndpointChanges(EndpointChanges o) {
    this.last = bounded();
    last.putAll(o.last);
  }

  private static LinkedHashMap<String, Change> bounded() {
    return new LinkedHashMap<>(256, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Change> eldest) {
        return size() > KEPT;
      }
    };
  }

  EndpointChanges copy() {
    return new EndpointChanges(this);
  }

  static String key(ObjectKey service, String ip, int port) {
    return service + "|" + ip + "|" + port;
  }

  /**
   * Records what a slice's replacement or removal changed ({@code after} null: removed). A new
   * slice records nothing: its first sight (a dump, an informer's first list) says nothing about
   * when its endpoints joined.
   */
  void sliceChanged(EndpointSliceInfo before, EndpointSliceInfo after, long atMillis) {
    ObjectKey service = before == null ? null : before.serviceKey();
    if (service == null) {
      return;
    }
    Set<String> was = ready(before);
    Set<String> now = ready(after);
    for (String e : now) {
      if (!was.contains(e)) {
        record(service, e, true, atMillis);
      }
    }
    for (String e : was) {
      if (!now.contains(e)) {
        record(service, e, false, atMillis);
      }
    }
  }

  private void record(ObjectKey service, String ipPort, boolean joined, long atMillis) {
    String k = service + "|" + ipPort;
    last.remove(k);
    last.put(k, new Change(joined, atMillis));
  }

  /** "ip|port" of the slice's ready endpoints. */
  private static Set<String> ready(EndpointSliceInfo slice) {
    if (slice == null) {
      return Set.of();
    }
    Set<String> out = new HashSet<>();
    for (Endpoint e : slice.endpoints()) {
      if (e.ready()) {
        for (EndpointPort p : slice.ports()) {
          for (String ip : e.addresses()) {
            out.add(ip + "|" + p.port());
          }
        }
      }
    }
    return out;
  }

  Change lastChange(ObjectKey service, String ip, int port) {
    return last.get(key(service, ip, port));
  }
}
