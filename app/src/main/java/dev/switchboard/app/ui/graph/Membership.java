package dev.switchboard.app.ui.graph;

import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.Workload;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The scene's cards by namespace and workload, with their pods' states and nodes counted as they
 * change, so that collapsed groups are laid out, counted and their edges found without a scan of
 * every element: at 150,000 pods a scan per frame alone would hold the FX thread too long. A
 * quiet namespace's pods are members without cards (see {@link ClusterScene}): counted and
 * listed here the same way. Kept by {@link ClusterScene}; FX thread.
 */
final class Membership {
  /** Pods' states and nodes, counted. */
  static class Tally {
    final int[] looks = new int[PodLook.values().length];
    final Map<String, Integer> nodes = new HashMap<>();
    private int count;

    void add(String key, PodInfo p) {
      count++;
      looks[PodLook.of(p).ordinal()]++;
      if (p.nodeName() != null) {
        nodes.merge(p.nodeName(), 1, Integer::sum);
      }
    }

    void remove(String key, PodInfo p) {
      count--;
      looks[PodLook.of(p).ordinal()]--;
      if (p.nodeName() != null) {
        nodes.computeIfPresent(p.nodeName(), (n, c) -> c == 1 ? null : c - 1);
      }
    }

    boolean isEmpty() {
      return count == 0;
    }

    /** Pods in {@code look}, or all when null. */
    int count(PodLook look) {
      return look == null ? count : looks[look.ordinal()];
    }
  }

  /** A workload's counts, and its pods' keys: they are placed when it is open. */
  static final class WorkloadTally extends Tally {
    final Set<String> pods = new HashSet<>();

    @Override
    void add(String key, PodInfo p) {
      super.add(key, p);
      pods.add(key);
    }

    @Override
    void remove(String key, PodInfo p) {
      super.remove(key, p);
      pods.remove(key);
    }
  }

  /** One namespace's cards. */
  static final class Members {
    /** Its pods are counts, not cards: its internal edges and addresses are not kept either. */
    boolean quiet;
    final Set<String> services = new HashSet<>();
    /** Pods of no workload, and addresses of pods not seen yet. */
    final Set<String> loose = new HashSet<>();
    final Map<Workload, WorkloadTally> workloads = new HashMap<>();
    final Tally all = new Tally();
    /** Edges from its Services to cards outside it: the only ones drawn while it is collapsed. */
    final Set<String> crossEdges = new HashSet<>();

    boolean isEmpty() {
      return services.isEmpty() && loose.isEmpty() && all.isEmpty();
    }
  }

  private final Map<String, Members> namespaces = new TreeMap<>();
  /** Addresses in no namespace: selector-less Services' endpoints. */
  private final Set<String> outside = new HashSet<>();
  /** Whether a namespace first seen now is quiet. */
  private final Predicate<String> quietWhenNew;

  Membership(Predicate<String> quietWhenNew) {
    this.quietWhenNew = quietWhenNew;
  }

  /** Whether a namespace's pods are counts only (one not seen yet: whether it would be). */
  boolean quiet(String namespace) {
    Members m = namespaces.get(namespace);
    return m != null ? m.quiet : quietWhenNew.test(namespace);
  }

  private Members members(String namespace) {
    return namespaces.computeIfAbsent(namespace, n -> {
      Members m = new Members();
      m.quiet = quietWhenNew.test(n);
      return m;
    });
  }

  Map<String, Members> namespaces() {
    return namespaces;
  }

  Set<String> outside() {
    return outside;
  }

  /** Pods counted in every namespace, in {@code look} (null: all). */
  long pods(PodLook look) {
    return namespaces.values().stream().mapToLong(m -> m.all.count(look)).sum();
  }

  Members of(String namespace) {
    return namespaces.get(namespace);
  }

  void added(SceneElement e) {
    String ns = e.namespace();
    if (ns == null) {
      outside.add(e.key());
      return;
    }
    Members m = members(ns);
    switch (e.kind()) {
      case SERVICE -> m.services.add(e.key());
      case ADDRESS -> m.loose.add(e.key());
      case POD -> addPod(m, e.key(), e.pod());
      default -> throw new IllegalStateException(e.kind().name());
    }
  }

  /** A pod of a quiet namespace came (no card is made for it). */
  void addedPod(String key, PodInfo p) {
    addPod(members(p.namespace()), key, p);
  }

  /** A pod of a quiet namespace left. */
  void removedPod(String key, PodInfo p) {
    Members m = namespaces.get(p.namespace());
    if (m != null) {
      removePod(m, key, p);
      forgetIfEmpty(p.namespace(), m);
    }
  }

  void removed(SceneElement e) {
    String ns = e.namespace();
    if (ns == null) {
      outside.remove(e.key());
      return;
    }
    Members m = namespaces.get(ns);
    if (m == null) {
      return;
    }
    switch (e.kind()) {
      case SERVICE -> m.services.remove(e.key());
      case ADDRESS -> m.loose.remove(e.key());
      case POD -> removePod(m, e.key(), e.pod());
      default -> throw new IllegalStateException(e.kind().name());
    }
    forgetIfEmpty(ns, m);
  }

  private void forgetIfEmpty(String ns, Members m) {
    if (m.isEmpty() && m.crossEdges.isEmpty()) {
      namespaces.remove(ns);
    }
  }

  /** A pod card's data changed (its state, node or workload may have). */
  void podChanged(String key, PodInfo before, PodInfo after) {
    Members m = namespaces.get(after.namespace());
    if (m == null) {
      return;
    }
    removePod(m, key, before);
    addPod(m, key, after);
  }

  /** An edge from a Service of {@code namespace} to a card outside it came or went. */
  void crossEdge(String namespace, String id, boolean present) {
    Members m = present ? members(namespace) : namespaces.get(namespace);
    if (m == null) {
      return;
    }
    if (present) {
      m.crossEdges.add(id);
    } else {
      m.crossEdges.remove(id);
      forgetIfEmpty(namespace, m);
    }
  }

  private static void addPod(Members m, String key, PodInfo p) {
    m.all.add(key, p);
    if (p.workload() == null) {
      m.loose.add(key);
    } else {
      m.workloads.computeIfAbsent(p.workload(), w -> new WorkloadTally()).add(key, p);
    }
  }

  private static void removePod(Members m, String key, PodInfo p) {
    m.all.remove(key, p);
    if (p.workload() == null) {
      m.loose.remove(key);
    } else {
      WorkloadTally t = m.workloads.get(p.workload());
      if (t != null) {
        t.remove(key, p);
        if (t.isEmpty()) {
          m.workloads.remove(p.workload());
        }
      }
    }
  }
}
