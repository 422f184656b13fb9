package dev.switchboard.app.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.switchboard.app.cluster.ClusterIndex;
import dev.switchboard.app.cluster.Diagnostic;
import dev.switchboard.app.cluster.NodeInfo;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.ResolvedEndpoint;
import dev.switchboard.app.cluster.ServiceDiagnostics;
import dev.switchboard.app.cluster.ServiceInfo;
import dev.switchboard.app.cluster.ServicePort;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code graph --format json} document (contract in docs/cli.md): nodes, pods, services with
 * their ports, endpoints and diagnostics. Pure function of a snapshot; any thread that owns it.
 */
public final class GraphJson {
  private GraphJson() {}

  public static JsonObject of(ClusterIndex index) {
    return of(index, null);
  }

  /** @param namespace when not null, only pods and Services of this namespace */
  public static JsonObject of(ClusterIndex index, String namespace) {
    JsonObject root = new JsonObject();
    JsonArray nodes = new JsonArray();
    index.nodes().stream().sorted(Comparator.comparing(NodeInfo::name)).forEach(n -> {
      JsonObject o = new JsonObject();
      o.addProperty("name", n.name());
      o.addProperty("internalIP", n.internalIp());
      if (n.podCidr() != null) {
        o.addProperty("podCIDR", n.podCidr());
      }
      o.addProperty("ready", n.ready());
      nodes.add(o);
    });
    root.add("nodes", nodes);

    JsonArray pods = new JsonArray();
    index.pods().stream().filter(p -> namespace == null || namespace.equals(p.namespace()))
        .sorted(Comparator.comparing(PodInfo::key)).forEach(p -> {
      JsonObject o = new JsonObject();
      o.addProperty("namespace", p.namespace());
      o.addProperty("name", p.name());
      o.addProperty("uid", p.uid());
      o.addProperty("ip", p.ip());
      o.addProperty("node", p.nodeName());
      o.addProperty("phase", p.phase().apiName());
      o.addProperty("ready", p.ready());
      o.add("labels", stringMap(p.labels()));
      pods.add(o);
    });
    root.add("pods", pods);

    JsonArray services = new JsonArray();
    index.services().stream().filter(s -> namespace == null || namespace.equals(s.namespace()))
        .sorted(Comparator.comparing(ServiceInfo::key))
        .forEach(s -> services.add(service(s, index)));
    root.add("services", services);
    return root;
  }

  private static JsonObject service(ServiceInfo s, ClusterIndex index) {
    JsonObject o = new JsonObject();
    o.addProperty("namespace", s.namespace());
    o.addProperty("name", s.name());
    o.addProperty("type", s.type().apiName());
    o.addProperty("clusterIP", s.clusterIp());
    if (s.externalName() != null) {
      o.addProperty("externalName", s.externalName());
    }
    o.add("externalIPs", strings(s.externalIps()));
    o.add("loadBalancerIngress", strings(s.loadBalancerIngress()));
    o.addProperty("sessionAffinity", s.sessionAffinity());
    if (s.selector() != null) {
      o.add("selector", stringMap(s.selector()));
    }
    if (s.externalTrafficPolicy() != null) {
      o.addProperty("externalTrafficPolicy", s.externalTrafficPolicy());
    }
    if (s.internalTrafficPolicy() != null) {
      o.addProperty("internalTrafficPolicy", s.internalTrafficPolicy());
    }
    JsonArray ports = new JsonArray();
    for (ServicePort p : s.ports()) {
      JsonObject po = new JsonObject();
      po.addProperty("name", p.name());
      po.addProperty("protocol", p.protocol());
      po.addProperty("port", p.port());
      po.add("targetPort", p.namedTarget() ? new JsonPrimitive(p.targetPort())
          : new JsonPrimitive(p.targetNumber()));
      if (p.nodePort() > 0) {
        po.addProperty("nodePort", p.nodePort());
      }
      ports.add(po);
    }
    o.add("ports", ports);
    JsonArray endpoints = new JsonArray();
    for (ResolvedEndpoint e : index.endpointsOf(s)) {
      JsonObject eo = new JsonObject();
      eo.addProperty("ip", e.ip());
      eo.addProperty("port", e.port());
      eo.addProperty("portName", e.portName());
      eo.addProperty("protocol", e.protocol());
      if (e.podName() != null) {
        eo.addProperty("podName", e.podName());
      }
      if (e.node() != null) {
        eo.addProperty("node", e.node());
      }
      eo.addProperty("ready", e.ready());
      eo.addProperty("serving", e.serving());
      eo.addProperty("terminating", e.terminating());
      endpoints.add(eo);
    }
    o.add("endpoints", endpoints);
    JsonArray diagnostics = new JsonArray();
    for (Diagnostic d : ServiceDiagnostics.diagnose(s, index)) {
      JsonObject d0 = new JsonObject();
      d0.addProperty("code", d.code());
      d0.addProperty("severity", d.severity().name().toLowerCase());
      d0.addProperty("message", d.message());
      diagnostics.add(d0);
    }
    o.add("diagnostics", diagnostics);
    return o;
  }

  private static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }

  private static JsonObject stringMap(Map<String, String> map) {
    JsonObject o = new JsonObject();
    new TreeMap<>(map).forEach(o::addProperty);
    return o;
  }
}
