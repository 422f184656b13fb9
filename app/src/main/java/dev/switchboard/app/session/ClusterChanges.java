package dev.switchboard.app.session;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.EndpointSliceInfo;
import dev.switchboard.app.cluster.NamespaceInfo;
import dev.switchboard.app.cluster.NodeInfo;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.ServiceInfo;

/** A recorded cluster change applied to a store, as the informers once applied it. Stateless. */
public final class ClusterChanges {
  private ClusterChanges() {}

  public static void apply(SessionRecord.ClusterChange c, ClusterStore store) {
    long millis = Math.floorDiv(c.timestampNanos(), 1_000_000L);
    boolean put = c.object() != null;
    switch (c.kind()) {
      case NAMESPACE -> {
        if (put) {
          store.putNamespace((NamespaceInfo) c.object());
        } else {
          store.removeNamespace(c.key());
        }
      }
      case NODE -> {
        if (put) {
          store.putNode((NodeInfo) c.object());
        } else {
          store.removeNode(c.key());
        }
      }
      case POD -> {
        if (put) {
          store.putPod((PodInfo) c.object(), millis);
        } else {
          store.removePod(c.key(), millis);
        }
      }
      case SERVICE -> {
        if (put) {
          store.putService((ServiceInfo) c.object());
        } else {
          store.removeService(c.key());
        }
      }
      case ENDPOINT_SLICE -> {
        if (put) {
          store.putSlice((EndpointSliceInfo) c.object(), millis);
        } else {
          store.removeSlice(c.key(), millis);
        }
      }
    }
  }
}
