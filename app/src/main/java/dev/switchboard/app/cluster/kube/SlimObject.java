package dev.switchboard.app.cluster.kube;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

/**
 * What the informers' caches hold instead of full API objects: the resourceVersion and the slim
 * projection (whose namespace and name are all the cache and DeltaFIFO read besides it). Turning
 * ~9 KB per pod into a few hundred bytes is why the informers get a transform (see
 * docs/decisions/0003-slim-informer-cache.md). The metadata object is built on each call rather
 * than kept: a few short-lived bytes per cache operation instead of ~130 retained per object.
 * Immutable; any thread.
 */
final class SlimObject implements KubernetesObject {
  private final String namespace;
  private final String name;
  /** resourceVersion when it is a number (it always is on a real API server), else -1. */
  private final long version;
  private final String versionText;
  private final Object info;
  /**
   * Its type: the reflector fills in kind and apiVersion of listed objects that lack them, by
   * reflection on the API class, so a slim object must answer both.
   */
  private final WatchedResource resource;

  SlimObject(WatchedResource resource, V1ObjectMeta full, String namespace, String name,
      Object info) {
    this.resource = resource;
    this.namespace = namespace;
    this.name = name;
    String rv = full.getResourceVersion();
    long parsed = -1;
    if (rv != null && !rv.isEmpty() && rv.length() < 19 && rv.chars().allMatch(Character::isDigit)) {
      parsed = Long.parseLong(rv);
    }
    this.version = parsed;
    this.versionText = parsed >= 0 ? null : rv;
    this.info = info;
  }

  Object info() {
    return info;
  }

  @Override
  public V1ObjectMeta getMetadata() {
    return new V1ObjectMeta().namespace(namespace).name(name)
        .resourceVersion(version >= 0 ? Long.toString(version) : versionText);
  }

  @Override
  public String getApiVersion() {
    return resource.apiVersion();
  }

  @Override
  public String getKind() {
    return resource.kind();
  }
}
