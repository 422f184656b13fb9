package dev.switchboard.app.link.kube;

import io.kubernetes.client.openapi.models.V1ContainerStatus;
import io.kubernetes.client.openapi.models.V1Pod;

/**
 * One sidecar pod as discovery needs it: which node it serves and whether a port-forward to it
 * can work now. Immutable; any thread.
 *
 * @param uid tells a replaced pod (same name on a StatefulSet, never here, but new uid) apart
 * @param node null while unscheduled
 * @param state "Running", or why not ("Pending", "ContainerCreating", "Terminating"…)
 */
public record SidecarPod(String namespace, String name, String uid, String node, String state) {
  public static SidecarPod of(V1Pod pod) {
    var meta = pod.getMetadata();
    return new SidecarPod(meta.getNamespace(), meta.getName(), meta.getUid(),
        pod.getSpec() == null ? null : pod.getSpec().getNodeName(), stateOf(pod));
  }

  public boolean running() {
    return "Running".equals(state);
  }

  private static String stateOf(V1Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return "Terminating";
    }
    var status = pod.getStatus();
    String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase();
    if (status != null && status.getContainerStatuses() != null) {
      for (V1ContainerStatus c : status.getContainerStatuses()) {
        if (c.getState() != null && c.getState().getWaiting() != null) {
          return c.getState().getWaiting().getReason();
        }
        if (c.getState() != null && c.getState().getRunning() == null) {
          return "not running";
        }
      }
    }
    return phase;
  }
}
