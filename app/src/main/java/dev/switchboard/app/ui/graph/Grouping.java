package dev.switchboard.app.ui.graph;

import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.Workload;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which card stands for which: a namespace (its Services and pods) or a workload (its pods) can
 * be collapsed into one {@link GroupCard} with counts, which then receives their edges, as
 * bundles, and their connections. The mode sets what is collapsed by default; a group opened or
 * closed by hand stays so until the mode changes. {@link Mode#AUTO} collapses namespaces and
 * workloads once the picture holds more than {@link #AUTO_ABOVE} cards (pods, Services,
 * addresses), and opens them again below {@link #AUTO_BELOW} (the gap keeps a cluster near the
 * limit from flipping back and forth).
 * Namespaces are not collapsed while one namespace is shown. A namespace that is collapsed (or
 * hidden and would be) is {@link #quiet}: the scene keeps its pods as counts. FX thread.
 */
public final class Grouping {
  /** What is collapsed unless opened by hand. */
  public enum Mode {
    AUTO("Auto"),
    PODS("Every pod"),
    WORKLOADS("Workloads"),
    NAMESPACES("Namespaces");

    private final String label;

    Mode(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  static final String NAMESPACE = "ns:";
  static final String WORKLOAD = "wl:";
  public static final int AUTO_ABOVE = 2_000;
  static final int AUTO_BELOW = 1_500;

  private Mode mode = Mode.AUTO;
  private boolean big;
  /** The one namespace shown, or null for all. */
  private String shown;
  /** Moves whenever what is collapsed may have changed: the scene follows it. */
  private long version;
  private final Set<String> opened = new HashSet<>();
  private final Set<String> closed = new HashSet<>();
  /** Group keys, made once per namespace and workload: asked for per element per frame. */
  private final Map<String, String> namespaceKeys = new HashMap<>();
  private final Map<String, Map<Workload, String>> workloadKeys = new HashMap<>();
  private Map<String, GroupCard> cards = Map.of();

  public Mode mode() {
    return mode;
  }

  /** A new default; groups opened or closed by hand are forgotten. */
  public void mode(Mode m) {
    mode = m;
    opened.clear();
    closed.clear();
    version++;
  }

  /** Shows one namespace (null for all): it is not collapsed unless closed by hand. */
  void shown(String namespace) {
    shown = namespace;
    version++;
  }

  long version() {
    return version;
  }

  /** Tells AUTO how many cards the picture holds; true when that changed what it collapses. */
  boolean cards(int count) {
    boolean was = big;
    big = count > AUTO_ABOVE || (big && count >= AUTO_BELOW);
    if (was != big) {
      version++;
    }
    return was != big && mode == Mode.AUTO;
  }

  /**
   * Whether a namespace's pods are kept as counts only, not as cards: it is collapsed, or it is
   * hidden behind the one namespace shown and would be collapsed in the picture of all.
   */
  boolean quiet(String namespace) {
    String key = namespaceKey(namespace);
    if (closed.contains(key)) {
      return true;
    }
    return !opened.contains(key) && namespacesByDefault() && !namespace.equals(shown);
  }

  static boolean isGroup(String key) {
    return key != null && (key.startsWith(NAMESPACE) || key.startsWith(WORKLOAD));
  }

  public boolean collapsed(String group) {
    if (closed.contains(group)) {
      return true;
    }
    if (opened.contains(group)) {
      return false;
    }
    return group.startsWith(NAMESPACE) ? shown == null && namespacesByDefault()
        : workloadsByDefault();
  }

  private boolean namespacesByDefault() {
    return mode == Mode.NAMESPACES || mode == Mode.AUTO && big;
  }

  private boolean workloadsByDefault() {
    return mode == Mode.WORKLOADS || mode == Mode.NAMESPACES || mode == Mode.AUTO && big;
  }

  /** Shows a group's members again. */
  public void open(String group) {
    closed.remove(group);
    if (collapsed(group)) {
      opened.add(group);
    }
    version++;
  }

  /** Collapses a group into its card. */
  public void close(String group) {
    opened.remove(group);
    if (!collapsed(group)) {
      closed.add(group);
    }
    version++;
  }

  /** The groups an element can be collapsed into, innermost first (workload, namespace). */
  public List<String> groupsOf(SceneElement e) {
    List<String> out = new ArrayList<>(2);
    if (e.namespace() == null) {
      return out;
    }
    PodInfo pod = e.pod();
    if (pod != null && pod.workload() != null) {
      out.add(workloadKey(pod.namespace(), pod.workload()));
    }
    out.add(namespaceKey(e.namespace()));
    return out;
  }

  /** The key of the card that stands for an element: its own, or its namespace's or workload's. */
  public String shownAs(SceneElement e) {
    return shownAs(e.key(), e.namespace(), e.pod());
  }

  /** The card that stands for card {@code key} of namespace {@code ns} (null: of none), pod or not. */
  String shownAs(String key, String ns, PodInfo pod) {
    if (ns == null) {
      return key;
    }
    String nsKey = namespaceKey(ns);
    if (collapsed(nsKey)) {
      return nsKey;
    }
    if (pod != null && pod.workload() != null) {
      String wl = workloadKey(ns, pod.workload());
      if (collapsed(wl)) {
        return wl;
      }
    }
    return key;
  }

  /** Whether a placed card (an element's or a group's) belongs to {@code group}. */
  boolean within(String cardKey, SceneElement element, String group) {
    GroupCard card = cards.get(cardKey);
    if (card != null) {
      return group.equals(namespaceKey(card.namespace()));
    }
    return element != null && groupsOf(element).contains(group);
  }

  String namespaceKey(String ns) {
    return namespaceKeys.computeIfAbsent(ns, n -> NAMESPACE + n);
  }

  String workloadKey(String ns, Workload w) {
    return workloadKeys.computeIfAbsent(ns, n -> new HashMap<>())
        .computeIfAbsent(w, x -> WORKLOAD + ns + "/" + x.kind() + "/" + x.name());
  }

  /** The cards of the collapsed groups, as last counted. */
  public Map<String, GroupCard> cards() {
    return cards;
  }

  /**
   * Makes the collapsed groups' cards anew from the scene's counts (a pass over namespaces and
   * the workloads of open ones, not over pods).
   *
   * @param namespaceShown the one namespace shown, or null for all
   * @return the keys of the cards that came, went or changed
   */
  Set<String> count(Membership membership, String namespaceShown) {
    Map<String, GroupCard> next = new HashMap<>();
    membership.namespaces().forEach((ns, m) -> {
      if (namespaceShown != null && !namespaceShown.equals(ns) || m.isEmpty()) {
        return;
      }
      String nsKey = namespaceKey(ns);
      if (collapsed(nsKey)) {
        next.put(nsKey, new GroupCard(nsKey, ns, null, looks(m.all), m.services.size(),
            m.workloads.size(), m.all.nodes.size()));
        return;
      }
      m.workloads.forEach((w, t) -> {
        String wl = workloadKey(ns, w);
        if (collapsed(wl)) {
          next.put(wl, new GroupCard(wl, ns, w, looks(t), 0, 0, t.nodes.size()));
        }
      });
    });
    Set<String> changed = new HashSet<>(cards.keySet());
    changed.addAll(next.keySet());
    changed.removeIf(k -> java.util.Objects.equals(cards.get(k), next.get(k)));
    cards = next;
    return changed;
  }

  private static List<Integer> looks(Membership.Tally t) {
    return Arrays.stream(t.looks).boxed().toList();
  }
}
