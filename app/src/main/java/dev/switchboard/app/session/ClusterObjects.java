package dev.switchboard.app.session;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import dev.switchboard.app.cluster.ChangeKind;
import dev.switchboard.app.cluster.EndpointSliceInfo;
import dev.switchboard.app.cluster.NamespaceInfo;
import dev.switchboard.app.cluster.NodeInfo;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.ServiceInfo;
import dev.switchboard.capture.wire.CompleteRecords;
import dev.switchboard.capture.wire.WireFormatException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The cluster model's objects as a session stores them: each kind's slim projection as a JSON
 * object with the record's field names (docs/session-format.md). A decoded object is refused
 * when a field the model relies on is missing. Stateless; any thread.
 */
final class ClusterObjects {
  private static final Gson GSON = new Gson();
  private static final Map<ChangeKind, Class<? extends Record>> TYPES = Map.of(
      ChangeKind.NAMESPACE, NamespaceInfo.class,
      ChangeKind.NODE, NodeInfo.class,
      ChangeKind.POD, PodInfo.class,
      ChangeKind.SERVICE, ServiceInfo.class,
      ChangeKind.ENDPOINT_SLICE, EndpointSliceInfo.class);

  /** Fields the model allows to be null (unassigned IPs, a selector-less Service …). */
  private static final Set<String> OPTIONAL = Set.of("PodInfo.ip", "PodInfo.nodeName", "PodInfo.workload",
      "ServiceInfo.clusterIp", "ServiceInfo.externalName", "ServiceInfo.selector",
      "ServiceInfo.sessionAffinity", "ServiceInfo.externalTrafficPolicy",
      "ServiceInfo.internalTrafficPolicy", "ServicePort.name", "EndpointSliceInfo.serviceName",
      "EndpointSliceInfo.addressType", "EndpointPort.name", "EndpointPort.protocol",
      "Endpoint.nodeName", "Endpoint.podNamespace", "Endpoint.podName", "NodeInfo.internalIp",
      "NodeInfo.externalIp", "NodeInfo.podCidr", "NodeInfo.zone", "NamespaceInfo.phase",
      "ContainerPort.name", "ContainerPort.protocol");

  private ClusterObjects() {}

  /** "pod", "service", "endpointslice", "node", "namespace". */
  static String kindName(ChangeKind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace("_", "");
  }

  static ChangeKind kind(String name) throws WireFormatException {
    for (ChangeKind k : ChangeKind.values()) {
      if (kindName(k).equals(name)) {
        return k;
      }
    }
    throw new WireFormatException("unknown cluster kind " + name);
  }

  static JsonElement encode(Object object) {
    return GSON.toJsonTree(object);
  }

  static Object decode(ChangeKind kind, JsonElement json) throws WireFormatException {
    Object o;
    try {
      o = GSON.fromJson(json, TYPES.get(kind));
    } catch (JsonParseException | IllegalStateException | IllegalArgumentException
        | UnsupportedOperationException e) {
      throw new WireFormatException("malformed " + kindName(kind) + ": " + e.getMessage());
    }
    if (o == null) {
      throw new WireFormatException("malformed " + kindName(kind) + ": empty");
    }
    CompleteRecords.require(o, kindName(kind), OPTIONAL);
    return o;
  }
}
