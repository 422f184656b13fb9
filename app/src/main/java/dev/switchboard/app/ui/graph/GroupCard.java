package dev.switchboard.app.ui.graph;

import dev.switchboard.app.cluster.Workload;
import java.util.List;

/**
 * A collapsed namespace or workload as the picture draws it: one card with counts. {@code looks}
 * counts the pods per {@link PodLook}, in that enum's order. Immutable; any thread.
 *
 * @param workload null for a namespace's card
 * @param services the namespace's Services (0 for a workload: its Services stay cards)
 * @param workloads the namespace's workloads (0 for a workload)
 * @param nodes the nodes its pods run on
 */
public record GroupCard(String key, String namespace, Workload workload, List<Integer> looks,
    int services, int workloads, int nodes) {

  public GroupCard {
    looks = List.copyOf(looks);
  }

  public boolean isNamespace() {
    return workload == null;
  }

  public int pods() {
    return looks.stream().mapToInt(Integer::intValue).sum();
  }

  public int count(PodLook look) {
    return looks.get(look.ordinal());
  }

  /** The state that needs a look first: failed, then not ready, pending, ending; else ready. */
  public PodLook worst() {
    for (PodLook l : List.of(PodLook.FAILED, PodLook.NOT_READY, PodLook.PENDING,
        PodLook.TERMINATING, PodLook.SUCCEEDED)) {
      if (count(l) > 0) {
        return l;
      }
    }
    return PodLook.READY;
  }
}
