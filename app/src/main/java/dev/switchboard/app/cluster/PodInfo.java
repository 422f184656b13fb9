package dev.switchboard.app.cluster;

import java.util.List;
import java.util.Map;

/**
 * Slim projection of a Pod. Label maps and port lists are shared between pods of one template
 * (see {@link Interner}), which is what keeps a pod well under a kilobyte. Immutable; any thread.
 *
 * @param ip primary pod IP, null until assigned
 * @param ips all pod IPs (dual-stack), empty until assigned
 * @param nodeName null while unscheduled
 * @param startedAtMillis when the pod started (status.startTime), else its creation; epoch millis
 * @param workload the controller it belongs to, null for a bare pod (or a recording made before
 *     workloads were kept)
 */
public record PodInfo(
    String namespace,
    String name,
    String uid,
    String ip,
    List<String> ips,
    String nodeName,
    PodPhase phase,
    boolean ready,
    boolean terminating,
    boolean hostNetwork,
    Map<String, String> labels,
    List<ContainerPort> ports,
    long startedAtMillis,
    Workload workload) {

  public ObjectKey key() {
    return new ObjectKey(namespace, name);
  }

  /** Whether this pod holds its IP as its own (host-network pods share the node's). */
  public boolean ownsIp() {
    return ip != null && !hostNetwork && !phase.finished();
  }

  /** Whether every pair of the selector is among this pod's labels. */
  public boolean matches(Map<String, String> selector) {
    if (selector == null || selector.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, String> e : selector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** The container port with this name, or null. */
  public ContainerPort portNamed(String portName) {
    for (ContainerPort p : ports) {
      if (portName.equals(p.name())) {
        return p;
      }
    }
    return null;
  }
}
