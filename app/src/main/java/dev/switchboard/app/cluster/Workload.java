package dev.switchboard.app.cluster;

/**
 * The controller a pod belongs to, as its owner references name it: "Deployment"/"web" for a pod
 * of a Deployment's ReplicaSet (told by the pod-template-hash the ReplicaSet's name ends with),
 * else the controlling owner's own kind and name (StatefulSet, DaemonSet, Job, a bare
 * ReplicaSet, a custom controller). Immutable; any thread.
 */
public record Workload(String kind, String name) {

  public static final String DEPLOYMENT = "Deployment";
  private static final String REPLICA_SET = "ReplicaSet";
  private static final String TEMPLATE_HASH = "pod-template-hash";

  /**
   * The workload of a pod whose controlling owner is {@code ownerKind}/{@code ownerName}, or null
   * when it has none.
   */
  public static Workload of(String ownerKind, String ownerName, java.util.Map<String, String> labels) {
    if (ownerKind == null || ownerName == null) {
      return null;
    }
    String hash = labels == null ? null : labels.get(TEMPLATE_HASH);
    if (REPLICA_SET.equals(ownerKind) && hash != null && ownerName.endsWith("-" + hash)
        && ownerName.length() > hash.length() + 1) {
      return new Workload(DEPLOYMENT, ownerName.substring(0, ownerName.length() - hash.length() - 1));
    }
    return new Workload(ownerKind, ownerName);
  }
}
