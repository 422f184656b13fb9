package dev.switchboard.app.cluster;

import java.util.List;

/**
 * Slim projection of a discovery.k8s.io/v1 EndpointSlice. Immutable; any thread.
 *
 * @param serviceName from the kubernetes.io/service-name label; null if the slice has none
 */
public record EndpointSliceInfo(
    String namespace,
    String name,
    String serviceName,
    String addressType,
    List<EndpointPort> ports,
    List<Endpoint> endpoints) {

  public ObjectKey key() {
    return new ObjectKey(namespace, name);
  }

  public ObjectKey serviceKey() {
    return serviceName == null ? null : new ObjectKey(namespace, serviceName);
  }
}
