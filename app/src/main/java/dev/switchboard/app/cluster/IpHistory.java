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

  /** Per IP an {@link IpTenure}, or a {@code List<IpTenure>} once the IP was reused: most IPs
   *  have had one owner, and a bare tenure saves the list (about 50 bytes a pod). */
  private final Map<String, Object> byIp;

  IpHistory() {
    this.byIp = new HashMap<>();
  }

  private IpHistory(Map<String, Object> byIp) {
    this.byIp = byIp;
  }

  @SuppressWarnings("unchecked")
  private List<IpTenure> list(String ip) {
    Object v = byIp.get(ip);
    if (v == null) {
      return null;
    }
    if (v instanceof IpTenure t) {
      List<IpTenure> l = new ArrayList<>(2);
      l.add(t);
      byIp.put(ip, l);
      return l;
    }
    return (List<IpTenure>) v;
  }

  /** Records that {@code pod} owns {@code ip} as observed at {@code atMillis}. */
  void own(String ip, PodInfo pod, long atMillis) {
    Object existing = byIp.get(ip);
    long start = pod.startedAtMillis() > 0 ? Math.min(pod.startedAtMillis(), atMillis) : atMillis;
    if (existing == null) {
      byIp.put(ip, new IpTenure(pod, start, Long.MAX_VALUE));
      return;
    }
    if (existing instanceof IpTenure t && t.open() && t.pod().uid().equals(pod.uid())) {
      byIp.put(ip, t.withPod(pod));
      return;
    }
    List<IpTenure> tenures = list(ip);
    int last = tenures.size() - 1;
    if (last >= 0) {
      IpTenure current = tenures.get(last);
      if (current.open() && current.pod().uid().equals(pod.uid())) {
        tenures.set(last, current.withPod(pod));
        return;
      }
    }
    for (int i = 0; i <= last; i++) {
      IpTenure t = tenures.get(i);
      if (t.open()) {
        // The address cannot belong to two pods: the earlier owner lost it when this one got it.
        tenures.set(i, t.closedAt(Math.max(start, t.fromMillis())));
      }
    }
    tenures.add(new IpTenure(pod, start, Long.MAX_VALUE));
    if (tenures.size() > KEPT_PER_IP) {
      tenures.remove(0);
    }
  }

  /** Records that {@code podUid} no longer owns {@code ip} from {@code atMillis}. */
  void release(String ip, PodInfo last, long atMillis) {
    Object existing = byIp.get(ip);
    if (existing instanceof IpTenure t) {
      if (t.open() && t.pod().uid().equals(last.uid())) {
        byIp.put(ip, t.withPod(last).closedAt(atMillis));
      }
      return;
    }
    List<IpTenure> tenures = list(ip);
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
    Object existing = byIp.get(ip);
    if (existing instanceof IpTenure t) {
      return t.covers(atMillis) ? t.pod() : null;
    }
    List<IpTenure> tenures = list(ip);
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

  @SuppressWarnings("unchecked")
  List<IpTenure> tenures(String ip) {
    Object v = byIp.get(ip);
    return v == null ? List.of() : v instanceof IpTenure t ? List.of(t)
        : List.copyOf((List<IpTenure>) v);
  }

  @SuppressWarnings("unchecked")
  IpHistory copy() {
    Map<String, Object> copy = new HashMap<>(byIp.size() * 4 / 3 + 1);
    byIp.forEach((ip, v) -> copy.put(ip, v instanceof IpTenure ? v
        : new ArrayList<>((List<IpTenure>) v)));
    return new IpHistory(copy);
  }
}
