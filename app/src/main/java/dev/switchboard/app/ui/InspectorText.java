package dev.switchboard.app.ui;

import dev.switchboard.app.cluster.ClusterIndex;
import dev.switchboard.app.cluster.ContainerPort;
import dev.switchboard.app.cluster.NodeInfo;
import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.ResolvedEndpoint;
import dev.switchboard.app.cluster.ServiceInfo;
import dev.switchboard.app.ui.graph.CardText;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The inspector's words for a selected Service, pod or address, read from the cluster index.
 * Pure function of the index; runs on the FX thread inside a store read.
 */
final class InspectorText {
  private InspectorText() {}

  static String service(ServiceInfo s, ClusterIndex index, Map<String, String> resolvedTargets) {
    StringBuilder b = new StringBuilder();
    b.append(CardText.address(s)).append('\n');
    b.append("Ports (port → targetPort → nodePort):\n");
    CardText.ports(s, resolvedTargets).forEach(p -> b.append("  ").append(p).append('\n'));
    String sel = CardText.selector(s);
    if (!sel.isEmpty()) {
      b.append(sel).append('\n');
    }
    b.append("Session affinity: ").append(s.sessionAffinity());
    if (s.externalTrafficPolicy() != null) {
      b.append(" · external traffic: ").append(s.externalTrafficPolicy());
    }
    if (s.internalTrafficPolicy() != null) {
      b.append(" · internal traffic: ").append(s.internalTrafficPolicy());
    }
    b.append('\n');
    List<ResolvedEndpoint> eps = index.endpointsOf(s);
    b.append("Endpoints (").append(eps.size()).append("):\n");
    for (ResolvedEndpoint e : eps) {
      b.append("  ").append(e.ip()).append(':').append(e.port())
          .append(e.portName().isEmpty() ? "" : " (" + e.portName() + ")")
          .append(e.podName() == null ? "" : "  " + e.podName())
          .append(e.node() == null ? "" : " on " + e.node())
          .append("  ").append(stateWords(e)).append('\n');
    }
    return b.toString().strip();
  }

  static String stateWords(ResolvedEndpoint e) {
    return switch (e.state()) {
      case READY -> "ready";
      case NOT_READY -> "not ready (no traffic)";
      case TERMINATING_SERVING -> "terminating, still serving";
      case TERMINATING -> "terminating";
    };
  }

  static String pod(PodInfo p, ClusterIndex index) {
    StringBuilder b = new StringBuilder();
    b.append("IP ").append(p.ip() == null ? "not assigned yet" : String.join(", ", p.ips()))
        .append(p.hostNetwork() ? " (host network: shares the node's IP)" : "").append('\n');
    b.append("Node ").append(p.nodeName() == null ? "not scheduled" : p.nodeName()).append('\n');
    b.append("Status ").append(CardText.podStatus(p)).append('\n');
    b.append("Labels ").append(p.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "))).append('\n');
    if (!p.ports().isEmpty()) {
      b.append("Container ports ").append(p.ports().stream()
          .map(InspectorText::port).collect(Collectors.joining(", "))).append('\n');
    }
    List<String> selectedBy = index.services().stream().filter(s -> s.namespace().equals(p.namespace())
        && p.matches(s.selector())).map(ServiceInfo::name).sorted().toList();
    b.append("Selected by ").append(selectedBy.isEmpty() ? "no Service" : String.join(", ", selectedBy));
    return b.toString();
  }

  private static String port(ContainerPort c) {
    return c.port() + "/" + c.protocol() + (c.name() == null ? "" : " (" + c.name() + ")");
  }

  static String address(String ip, ClusterIndex index) {
    NodeInfo node = index.nodeByIp(ip);
    PodInfo owner = index.podByIp(ip, System.currentTimeMillis());
    return "An endpoint address that names no pod" + (node != null ? ": it is node " + node.name()
        : owner != null ? "; pod " + new ObjectKey(owner.namespace(), owner.name()) + " has this IP"
        : " (outside the cluster's pods: a hand-made EndpointSlice)");
  }
}
