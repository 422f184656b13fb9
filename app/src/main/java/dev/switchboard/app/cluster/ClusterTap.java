package dev.switchboard.app.cluster;

/**
 * Hears every change of a {@link ClusterStore} in the order the store applied them, with the
 * object itself: what a recording needs to show the cluster again as it was. Called on the
 * writer's thread under the store's write lock: implementations hand the change on and return.
 */
public interface ClusterTap {
  /**
   * @param object the new state (a {@link PodInfo}, {@link ServiceInfo},
   *     {@link EndpointSliceInfo}, {@link NodeInfo} or {@link NamespaceInfo}); null when removed
   * @param observedAtMillis when the change was observed (epoch ms)
   */
  void changed(ChangeKind kind, ObjectKey key, Object object, long observedAtMillis);
}
