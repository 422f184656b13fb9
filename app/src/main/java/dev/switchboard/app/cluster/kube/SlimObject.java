package dev.switchboard.app.cluster.kube;

import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;

/**
 * What the informers' caches hold instead of full API objects: name, namespace and
 * resourceVersion (all the cache and DeltaFIFO read) plus the slim projection. Turning ~9 KB per
 * pod into a few hundred bytes is why the informers get a transform (see
 * docs/decisions/0003-slim-informer-cache.md). Immutable; any thread.
 */
final class SlimObject implements KubernetesObject {
  private final V1ObjectMeta meta;
  private final Object info;

  SlimObject(V1ObjectMeta full, Object info) {
    this.meta = new V1ObjectMeta().name(full.getName()).namespace(full.getNamespace())
        .resourceVersion(full.getResourceVersion());
    this.info = info;
  }

  Object info() {
    return info;
  }

  @Override
  public V1ObjectMeta getMetadata() {
    return meta;
  }

  @Override
  public String getApiVersion() {
    return null;
  }

  @Override
  public String getKind() {
    return info.getClass().getSimpleName();
  }
}
