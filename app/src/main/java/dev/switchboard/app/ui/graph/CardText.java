package dev.switchboard.app.ui.graph;

import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.ServiceInfo;
import dev.switchboard.app.cluster.ServicePort;
import dev.switchboard.app.cluster.ServiceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The words on the cards, apart from drawing so they can be tested: a Service's address line,
 * its ports as {@code port → targetPort (resolved) → nodePort}, selector and policies; a pod's
 * status line. Pure; any thread.
 */
public final class CardText {
  private CardText() {}

  public static String address(ServiceInfo s) {
    if (s.type() == ServiceType.EXTERNAL_NAME) {
      return "DNS alias → " + s.externalName() + " (no VIP)";
    }
    if (s.headless()) {
      return "headless: no VIP, DNS returns pod IPs";
    }
    String line = "VIP " + s.clusterIp();
    if (s.type() == ServiceType.LOAD_BALANCER) {
      line += s.loadBalancerIngress().isEmpty() ? " · LB pending"
          : " · LB " + String.join(",", s.loadBalancerIngress());
    }
    if (!s.externalIps().isEmpty()) {
      line += " · ext " + String.join(",", s.externalIps());
    }
    return line;
  }

  /** One line per port: "80/TCP → http (8080) → :30080". */
  public static List<String> ports(ServiceInfo s, Map<String, String> resolvedTargets) {
    List<String> out = new ArrayList<>();
    for (ServicePort p : s.ports()) {
      String target = p.targetPort();
      if (p.namedTarget()) {
        String resolved = resolvedTargets.get(p.sliceName());
        target += resolved == null ? " (unresolved)" : " (" + resolved + ")";
      }
      out.add(p.port() + (p.protocol().equals("TCP") ? "" : "/" + p.protocol()) + " → " + target
          + (p.nodePort() > 0 ? " → :" + p.nodePort() : ""));
    }
    return out;
  }

  public static String selector(ServiceInfo s) {
    if (s.type() == ServiceType.EXTERNAL_NAME) {
      return "";
    }
    if (!s.hasSelector()) {
      return "no selector: endpoints made by hand";
    }
    return "selector " + s.selector().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  public static String policies(ServiceInfo s) {
    List<String> parts = new ArrayList<>();
    if ("ClientIP".equals(s.sessionAffinity())) {
      parts.add("ClientIP affinity " + s.affinityTimeoutSeconds() + "s");
    }
    if (s.externalTrafficPolicy() != null && !"Cluster".equals(s.externalTrafficPolicy())) {
      parts.add("external traffic: " + s.externalTrafficPolicy());
    }
    if (s.internalTrafficPolicy() != null && !"Cluster".equals(s.internalTrafficPolicy())) {
      parts.add("internal traffic: " + s.internalTrafficPolicy());
    }
    return String.join(" · ", parts);
  }

  public static String podStatus(PodInfo p) {
    PodLook look = PodLook.of(p);
    return switch (look) {
      case READY -> "Running · Ready";
      case NOT_READY -> p.phase().apiName() + " · not ready";
      case PENDING -> p.phase().apiName() + (p.ip() == null ? " · no IP yet" : "");
      case TERMINATING -> "Terminating";
      case SUCCEEDED -> "Completed";
      case FAILED -> "Failed";
    };
  }

  /** A collapsed group's pods by state, the states with none left out: "● 13 ready · ◐ 2 not ready". */
  public static String tallies(GroupCard c) {
    List<String> parts = new ArrayList<>();
    for (PodLook look : PodLook.values()) {
      int n = c.count(look);
      if (n > 0) {
        parts.add(look.glyph() + " " + count(n) + " " + look.name().toLowerCase(java.util.Locale.ROOT)
            .replace('_', ' '));
      }
    }
    return parts.isEmpty() ? "no pods" : String.join(" · ", parts);
  }

  /** What a collapsed namespace holds: "3,000 pods · 200 workloads". */
  public static String holds(GroupCard c) {
    return plural(c.pods(), "pod") + " · " + plural(c.workloads(), "workload");
  }

  /**
   * Where a group's pods run and, for a namespace, its Services: "200 Services · 12 nodes ·
   * open ▸" (a click opens the card).
   */
  public static String spread(GroupCard c) {
    return where(c) + " · open ▸";
  }

  private static String where(GroupCard c) {
    return (c.isNamespace() ? plural(c.services(), "Service") + " · " : "")
        + plural(c.nodes(), "node");
  }

  /** A collapsed group for the inspector: what it holds, its pods by state, where they run. */
  public static String inspected(GroupCard c) {
    return (c.isNamespace() ? holds(c) : plural(c.pods(), "pod")) + "\n" + tallies(c) + "\n"
        + where(c) + "\nA click on the card opens it.";
  }

  /** "Namespace shop-1", "Deployment shop-1/web". */
  public static String groupName(GroupCard c) {
    return c.isNamespace() ? "Namespace " + c.namespace()
        : c.workload().kind() + " " + c.namespace() + "/" + c.workload().name();
  }

  private static String plural(int n, String what) {
    return count(n) + " " + what + (n == 1 ? "" : "s");
  }

  private static String count(int n) {
    return String.format(java.util.Locale.ROOT, "%,d", n);
  }
}
