package dev.switchboard.app.session;

import dev.switchboard.capture.event.Rules;
import dev.switchboard.capture.event.ServiceRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * kube-proxy's lag, measured from a recording: for each change of a Service port's endpoints in
 * the API, when each node's rules came to send connections to exactly the new set. Rules are seen
 * when the node's sidecar reads them (every few seconds), so a lag is known to within that
 * interval. A change the API made again before a node followed is superseded, not measured. One
 * thread (the index pass).
 */
final class ProxyLag {
  /**
   * One node following one endpoint change.
   *
   * @param followedAtNanos -1 when the node had not followed by the end of the recording
   */
  record Lag(String service, String node, long apiAtNanos, long followedAtNanos, String change) {
    long lagNanos() {
      return followedAtNanos < 0 ? -1 : followedAtNanos - apiAtNanos;
    }
  }

  private record Pending(Set<String> expected, long apiAtNanos, String change) {}

  private final Map<String, Map<String, Set<String>>> rulesByNode = new LinkedHashMap<>();
  private final Map<String, Long> rulesAtByNode = new HashMap<>();
  /** Service port → node → the change it has yet to follow. */
  private final Map<String, Map<String, Pending>> pending = new HashMap<>();
  private final List<Lag> measured = new ArrayList<>();

  /** The API's endpoints of a Service port changed: {@code expected} is what kube-proxy should use. */
  void apiChanged(String servicePort, Set<String> expected, long atNanos, String change) {
    Map<String, Pending> byNode = pending.computeIfAbsent(servicePort, k -> new HashMap<>());
    for (String node : rulesByNode.keySet()) {
      Pending p = new Pending(Set.copyOf(expected), atNanos, change);
      if (expected.equals(backends(node, servicePort))) {
        measured.add(new Lag(servicePort, node, atNanos, rulesAtByNode.get(node), change));
        byNode.remove(node);
      } else {
        byNode.put(node, p);
      }
    }
  }

  /** A node's rules as its sidecar read them. */
  void rules(Rules r) {
    Map<String, Set<String>> table = new HashMap<>();
    for (ServiceRule s : r.services()) {
      Set<String> b = new TreeSet<>();
      s.backends().forEach(x -> b.add(x.ip() + ":" + x.port()));
      table.merge(s.service(), b, (x, y) -> {
        x.addAll(y);
        return x;
      });
    }
    rulesByNode.put(r.node(), table);
    rulesAtByNode.put(r.node(), r.timestampNanos());
    for (Map.Entry<String, Map<String, Pending>> e : pending.entrySet()) {
      Pending p = e.getValue().get(r.node());
      if (p != null && p.expected().equals(table.getOrDefault(e.getKey(), Set.of()))) {
        measured.add(new Lag(e.getKey(), r.node(), p.apiAtNanos(), r.timestampNanos(),
            p.change()));
        e.getValue().remove(r.node());
      }
    }
  }

  private Set<String> backends(String node, String servicePort) {
    return rulesByNode.getOrDefault(node, Map.of()).getOrDefault(servicePort, Set.of());
  }

  /** Every lag measured, then the changes some node never followed. */
  List<Lag> lags() {
    List<Lag> out = new ArrayList<>(measured);
    Set<String> seen = new HashSet<>();
    pending.forEach((service, byNode) -> byNode.forEach((node, p) -> {
      if (seen.add(service + "|" + node + "|" + p.apiAtNanos())) {
        out.add(new Lag(service, node, p.apiAtNanos(), -1, p.change()));
      }
    }));
    out.sort(java.util.Comparator.comparingLong(Lag::apiAtNanos).thenComparing(Lag::node));
    return out;
  }
}
