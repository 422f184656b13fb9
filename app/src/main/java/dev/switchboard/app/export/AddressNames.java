package dev.switchboard.app.export;

import dev.switchboard.app.cluster.ClusterIndex;
import dev.switchboard.app.cluster.IpTenure;
import dev.switchboard.app.cluster.NodeInfo;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.ServiceInfo;
import dev.switchboard.app.session.SessionRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a session's addresses were called: node IPs by node name, Service addresses (ClusterIP,
 * external IPs, load-balancer ingress) as {@code name.namespace.svc}, pod IPs as
 * {@code name.namespace} — a pod IP by the pod that held it at the export's start (or, if none
 * did then, the last one that held it). Collected while a session is read; single-threaded.
 */
final class AddressNames {
  private final Map<String, String> nodes = new TreeMap<>();
  private final Map<String, String> services = new TreeMap<>();
  private final TreeSet<String> podIps = new TreeSet<>();

  /** Notes the addresses an object of the session had. */
  void saw(SessionRecord.ClusterChange c) {
    Object o = c.object();
    if (o instanceof NodeInfo n) {
      put(nodes, n.internalIp(), n.name());
      put(nodes, n.externalIp(), n.name());
    } else if (o instanceof ServiceInfo s) {
      String name = s.name() + "." + s.namespace() + ".svc";
      if (!s.headless()) {
        put(services, s.clusterIp(), name);
        s.clusterIps().forEach(ip -> put(services, ip, name));
      }
      s.externalIps().forEach(ip -> put(services, ip, name));
      s.loadBalancerIngress().forEach(ip -> put(services, ip, name));
    } else if (o instanceof PodInfo p && !p.hostNetwork()) {
      if (p.ip() != null) {
        podIps.add(p.ip());
      }
      podIps.addAll(p.ips());
    }
  }

  private static void put(Map<String, String> into, String ip, String name) {
    if (ip != null && !ip.isEmpty() && !"None".equals(ip)) {
      into.putIfAbsent(ip, name);
    }
  }

  /**
   * Every address with its name; a node's name wins over a Service's, a Service's over a pod's.
   *
   * @param index the cluster after the whole session (it keeps each IP's owners over time)
   */
  Map<String, List<String>> names(ClusterIndex index, long atMillis) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    nodes.forEach((ip, n) -> out.put(ip, List.of(n)));
    services.forEach((ip, n) -> out.putIfAbsent(ip, List.of(n)));
    for (String ip : podIps) {
      PodInfo owner = index.podByIp(ip, atMillis);
      if (owner == null) {
        List<IpTenure> held = new ArrayList<>(index.ipTenures(ip));
        owner = held.isEmpty() ? null : held.get(held.size() - 1).pod();
      }
      if (owner != null) {
        out.putIfAbsent(ip, List.of(owner.name() + "." + owner.namespace()));
      }
    }
    return out;
  }
}
