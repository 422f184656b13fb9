package dev.switchboard.app.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pod owned which IP when. A pod that finished (Succeeded/Failed) or was deleted gives its IP
 * back from that moment; a replacement pod that reuses the IP never inherits the old pod's past.
 * Keeps the last {@link #KEPT_PER_IP} tenures per IP. Not thread-safe: owned by {@link ClusterIndex}.
 */
final class IpHistory {
  static final int KEPT_PER_IP = 4;

  private final Map<String, List<IpTenure>> byIp;

  IpHistory() {
    this.byIp = new HashMap<>();
  }

  private IpHistory(Map<String, List<IpTenure>> byIp) {
    this.byIp = byIp;
  }

  /** Records that {@code pod} owns {@code ip} as observed at {@code atMillis}. */
  void own(String ip, PodInfo pod, long atMillis) {
    List<IpTenure> tenures = byIp.computeIfAbsent(ip, k -> new ArrayList<>(1));
    int last = tenures.size() - 1;
    if (last >= 0) {
      IpTenure current = tenures.get(last);
      if (current.open() && current.pod().uid().equals(pod.uid())) {
        tenures.set(last, current.withPod(pod));
        return;
      }
    }
    long from = pod.startedAtMillis() > 0 ? Math.min(pod.startedAtMillis(), atMillis) : atMillis;
    for (int i = 0; i <= last; i++) {
      IpTenure t = tenures.get(i);
      if (t.open()) {
        // The address cannot belong to two pods: the earlier owner lost it when this one got it.
        tenures.set(i, t.closedAt(Math.max(from, t.fromMillis())));
      }
    }
    tenures.add(new IpTenure(pod, from, Long.MAX_VALUE));
    if (tenures.size() > KEPT_PER_IP) {
      tenures.remove(0);
    }
  }

  /** Records that {@code podUid} no longer owns {@code ip} from {@code atMillis}. */
  void release(String ip, PodInfo last, long atMillis) {
    List<IpTenure> tenures = byIp.get(ip);
    if (tenures == null) {
      return;
    }
    for (int i = 0; i < tenures.size(); i++) {
      IpTenure t = tenures.get(i);
      if (t.open() && t.pod().uid().equals(last.uid())) {
        tenures.set(i, t.withPod(last).closedAt(atMillis));
      }
    }
  }

  /** The pod that owned {@code ip} at {@code atMillis}, or null. Newest tenure wins on overlap. */
  PodInfo ownerAt(String ip, long atMillis) {
    List<IpTenure> tenures = byIp.get(ip);
    if (tenures == null) {
      return null;
    }
    for (int i = tenures.size() - 1; i >= 0; i--) {
      IpTenure t = tenures.get(i);
      if (t.covers(atMillis)) {
        return t.pod();
      }
    }
    return null;
  }

  List<IpTenure> tenures(String ip) {
    List<IpTenure> tenures = byIp.get(ip);
    return tenures == null ? List.of() : List.copyOf(tenures);
  }

  IpHistory copy() {
    Map<String, List<IpTenure>> copy = new HashMap<>(byIp.size() * 4 / 3 + 1);
    byIp.forEach((ip, list) -> copy.put(ip, new ArrayList<>(list)));
    return new IpHistory(copy);
  }
}
