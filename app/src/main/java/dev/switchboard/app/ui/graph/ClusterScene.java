package dev.switchboard.app.ui.graph;

import dev.switchboard.app.cluster.ClusterIndex;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.EndpointSliceInfo;
import dev.switchboard.app.cluster.NodeInfo;
import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.ResolvedEndpoint;
import dev.switchboard.app.cluster.ServiceDiagnostics;
import dev.switchboard.app.cluster.ServiceInfo;
import dev.switchboard.app.ui.graph.PendingChanges.Change;
import dev.switchboard.layouts.LayoutInput;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.graphstream.graph.Edge;
import org.graphstream.graph.Graph;
import org.graphstream.graph.Node;
import org.graphstream.graph.implementations.MultiGraph;

/**
 * The picture's model: a GraphStream graph whose nodes are Services, pods and bare endpoint
 * addresses and whose edges are endpoints, each carrying its animation state. Fed with change
 * keys pulled from a {@link ClusterStore}; departing things fade out before they leave. Work per
 * change is proportional to what changed (edges are indexed by Service and by target, cards by
 * namespace and workload in {@link Membership}, departures and animations are tracked, not
 * searched for), so a frame stays cheap at 150,000 pods.
 *
 * <p>A quiet namespace (collapsed, see {@link Grouping#quiet}) keeps its pods as counts: no card,
 * no animation, no edge inside it, and no card for an address only those edges named. Its card
 * shows nothing more, and a 150,000-pod sync then makes and keeps a few hundred bytes per pod
 * instead of kilobytes (young collections copied that state in pauses of 0.2–0.5 s). The cards
 * are made when it opens, and dropped when it closes. Owned by the FX thread.
 */
public final class ClusterScene {
  static final String POD = "pod:";
  static final String SVC = "svc:";
  static final String ADDR = "addr:";

  /** Region of endpoint addresses that are no pod (selector-less Services' hand-made slices). */
  public static final String ADDRESS_REGION = "(addresses outside pods)";
  /** Region of a namespace's collapsed workloads: this, then the namespace. */
  public static final String WORKLOADS_REGION = "workloads in ";
  /** Up to this many nodes every node is a region, those without pods too. */
  static final int ALL_NODES_UP_TO = 24;

  /** Diagnostics scan every pod of a namespace per Service: at most this often (ns). */
  private static final long DIAGNOSTICS_EVERY_NS = 500_000_000L;
  /** FX-thread time a frame may spend on diagnostics; the rest waits for the next frame. */
  static final long DIAGNOSIS_BUDGET_NS = 8_000_000L;
  /** …and on dropping what faded out (a sync's 150,000 pod addresses go when the pods come). */
  private static final long PURGE_BUDGET_NS = 4_000_000L;

  private final Graph graph = new MultiGraph("cluster", false, false);
  private final Map<String, SceneElement> elements = new HashMap<>();
  private final Map<String, EndpointEdge> edges = new HashMap<>();
  private final Map<String, Set<String>> edgesByTarget = new HashMap<>();
  private final Map<String, Set<String>> edgesByService = new HashMap<>();
  private final Set<String> leavingElements = new HashSet<>();
  private final Set<String> leavingEdges = new HashSet<>();
  private final Map<String, NodeInfo> clusterNodes = new TreeMap<>();
  private final Map<ObjectKey, ObjectKey> sliceService = new HashMap<>();
  /** Services whose diagnostics are due: those a change touched (see refreshDiagnostics). */
  private final Set<ObjectKey> undiagnosed = new java.util.LinkedHashSet<>();
  /** Namespaces where pods came, went or changed labels: "matches no pod; nearest …" may change. */
  private final Set<String> relabelled = new HashSet<>();
  private final ServicesBySelector selecting = new ServicesBySelector();
  /** A round of diagnostics is under way, a slice of it per frame. */
  private boolean diagnosing;
  private final Set<ObjectKey> retarget = new HashSet<>();
  private long diagnosedAtNs = Long.MIN_VALUE / 2;
  private long animatingUntilNs = Long.MIN_VALUE / 2;
  /** Card key → until when it must be redrawn (its animation's end). */
  private final Map<String, Long> cardsUntil = new HashMap<>();
  private long edgesUntilNs = Long.MIN_VALUE / 2;
  /** Which cards are collapsed into a group's (the view's; none until it says). */
  private Grouping grouping = new Grouping();
  /** Services whose diagnostics say they have no endpoints: a relabel may change their hint. */
  private final Set<ObjectKey> withoutEndpoints = new HashSet<>();
  private final Membership membership = new Membership(ns -> grouping.quiet(ns));
  /** Pods of quiet namespaces: what their cards would show, and their counts' last state. */
  private final Map<String, PodInfo> quietPods = new HashMap<>();
  /** The grouping's version the quiet namespaces were last brought in line with. */
  private long followed = -1;
  private long lastNowNs;
  /** Whether every object has been listed: only then can a Service be said to lack endpoints. */
  private java.util.function.BooleanSupplier listed = () -> true;
  /** Bumped when a Service or its diagnostics change: the diagnostics pane redraws only then. */
  private long diagnosticsVersion;

  /**
   * Diagnoses Services only once {@code whenListed} says the whole cluster has been listed: before
   * that a Service whose pods or slices are still to come would be said to have no endpoints (a
   * 150,000-pod sync said so of 10,000 Services, and spent a sixth of its FX time on it).
   */
  public void diagnoseOnce(java.util.function.BooleanSupplier whenListed) {
    listed = whenListed;
  }

  /** Whether the whole cluster has been listed (Services are diagnosed only then). */
  public boolean listed() {
    return listed.getAsBoolean();
  }

  /** Services wait to be diagnosed: changed since their last diagnosis, or not yet listed. */
  public boolean diagnosesPending() {
    return diagnosing || !undiagnosed.isEmpty() || !relabelled.isEmpty() || !listed();
  }

  /** The view's grouping: members of collapsed groups are not animated one by one. */
  void groupedBy(Grouping g) {
    grouping = g;
  }

  public static String podKey(String namespace, String name) {
    return POD + namespace + "/" + name;
  }

  public static String serviceKey(ObjectKey key) {
    return SVC + key;
  }

  /** The client's pod card, or null for a client outside the pods (drawn by its address). */
  static String clientKey(dev.switchboard.app.trace.ConnectionTrace t) {
    dev.switchboard.app.trace.Peer c = t.client();
    return c.podName() != null ? podKey(c.podNamespace(), c.podName()) : null;
  }

  /** The Service card a connection dialled, or null. */
  static String serviceKey(dev.switchboard.app.trace.ConnectionTrace t) {
    return t.service() == null ? null
        : serviceKey(new ObjectKey(t.service().namespace(), t.service().name()));
  }

  /** The backend's card (a pod, or an address card), or null when the backend is unknown. */
  static String backendKey(dev.switchboard.app.trace.ConnectionTrace t) {
    dev.switchboard.app.trace.Peer b = t.backend().target();
    return b == null ? null : b.podName() != null ? podKey(b.podNamespace(), b.podName())
        : ADDR + b.ip();
  }

  /** A connection's stops on the picture, the Service first (what a focus keeps in view). */
  public static List<String> stopsOf(dev.switchboard.app.trace.ConnectionTrace t) {
    List<String> out = new ArrayList<>();
    for (String k : new String[] {serviceKey(t), backendKey(t), clientKey(t)}) {
      if (k != null) {
        out.add(k);
      }
    }
    return out;
  }

  /** The cards a Service's endpoints point at (pods, addresses), as the picture has them now. */
  public List<String> endpointsOf(String serviceKey) {
    List<String> out = new ArrayList<>();
    for (String id : edgesByService.getOrDefault(serviceKey, Set.of())) {
      out.add(edges.get(id).targetKey());
    }
    return out;
  }

  public Graph graph() {
    return graph;
  }

  public Collection<SceneElement> elements() {
    return elements.values();
  }

  public Collection<EndpointEdge> edges() {
    return edges.values();
  }

  public SceneElement element(String key) {
    return elements.get(key);
  }

  public Map<String, NodeInfo> clusterNodes() {
    return clusterNodes;
  }

  /**
   * Applies changed objects, reading their current state from the store in one read.
   *
   * @return whether elements were added or removed (the layout must be updated)
   */
  public boolean apply(ClusterStore store, List<Change> changes, long nowNs) {
    return apply(store, changes, nowNs, Long.MAX_VALUE);
  }

  /**
   * Applies changed objects; the endpoints of the Services they touched are brought up to date
   * until {@code deadlineNs} ({@link System#nanoTime}), one Service at least, the rest on the
   * next frames (a sync's slices cost a third of a millisecond each).
   *
   * @return whether elements were added or removed (the layout must be updated)
   */
  public boolean apply(ClusterStore store, List<Change> changes, long nowNs, long deadlineNs) {
    lastNowNs = nowNs;
    follow(nowNs);
    if (changes.isEmpty() && retarget.isEmpty() && !diagnosticsDue(nowNs)) {
      return false;
    }
    return store.read(index -> applyLocked(index, changes, nowNs, deadlineNs));
  }

  private boolean diagnosticsDue(long nowNs) {
    return diagnosing || ((!undiagnosed.isEmpty() || !relabelled.isEmpty())
        && nowNs - diagnosedAtNs >= DIAGNOSTICS_EVERY_NS && listed());
  }

  private boolean applyLocked(ClusterIndex index, List<Change> changes, long nowNs,
      long deadlineNs) {
    boolean structure = false;
    Set<ObjectKey> dirtyServices = new HashSet<>(retarget);
    retarget.clear();
    for (Change c : changes) {
      ObjectKey k = c.key();
      switch (c.kind()) {
        case POD -> structure |= applyPod(k, index.pod(k), dirtyServices, nowNs);
        case SERVICE -> {
          structure |= applyService(k, index.service(k), nowNs);
          dirtyServices.add(k);
          undiagnosed.add(k);
        }
        case ENDPOINT_SLICE -> {
          EndpointSliceInfo slice = index.slice(k);
          ObjectKey svc = slice != null ? slice.serviceKey() : sliceService.get(k);
          if (slice != null && svc != null) {
            sliceService.put(k, svc);
          } else {
            sliceService.remove(k);
          }
          if (svc != null) {
            dirtyServices.add(svc);
            undiagnosed.add(svc);
          }
        }
        case NODE -> {
          NodeInfo n = index.node(k.name());
          structure |= n == null ? clusterNodes.remove(k.name()) != null
              : !n.equals(clusterNodes.put(k.name(), n));
        }
        case NAMESPACE -> {
          // namespaces only feed the namespace picker, which reads the store directly
        }
        default -> throw new IllegalStateException(c.kind().name());
      }
    }
    boolean first = true;
    for (ObjectKey svc : dirtyServices) {
      if (!first && System.nanoTime() > deadlineNs) {
        retarget.add(svc);
        continue;
      }
      first = false;
      structure |= applyEndpoints(svc, index, nowNs);
    }
    if (diagnosticsDue(nowNs)) {
      if (!diagnosing) {
        diagnosedAtNs = nowNs;
      }
      diagnosing = !refreshDiagnostics(index, nowNs);
    }
    return structure;
  }

  /**
   * A card changed: redraw it every frame until its animation ends. Not a collapsed group's
   * member: its group's card shows it, by its counts (and a sync's 150,000 members would make
   * every frame walk them).
   */
  private void animateCard(String key, long nowNs) {
    SceneElement e = elements.get(key);
    if (e != null && !grouping.shownAs(e).equals(key)) {
      return;
    }
    long until = nowNs + Fade.DURATION_NS;
    cardsUntil.merge(key, until, Math::max);
    animatingUntilNs = Math.max(animatingUntilNs, until);
  }

  /** An edge changed: the edge layer is redrawn until its animation ends. */
  private void animateEdges(long nowNs) {
    edgesUntilNs = Math.max(edgesUntilNs, nowNs + Fade.DURATION_NS);
    animatingUntilNs = Math.max(animatingUntilNs, edgesUntilNs);
  }

  /**
   * Cards to redraw in a frame: those whose animation had not ended by the previous frame (so
   * each gets one last frame at its final state). Forgets the ones now done.
   */
  public List<SceneElement> cardsDue(long previousFrameNs, long nowNs) {
    List<SceneElement> due = new ArrayList<>();
    cardsUntil.entrySet().removeIf(e -> {
      if (e.getValue() > previousFrameNs) {
        SceneElement el = elements.get(e.getKey());
        if (el != null) {
          due.add(el);
        }
      }
      return e.getValue() <= nowNs;
    });
    return due;
  }

  /** Whether the edge layer changed since the previous frame. */
  public boolean edgesDue(long previousFrameNs) {
    return edgesUntilNs > previousFrameNs;
  }

  private boolean applyPod(ObjectKey k, PodInfo pod, Set<ObjectKey> dirtyServices, long nowNs) {
    String key = podKey(k.namespace(), k.name());
    SceneElement e = elements.get(key);
    PodInfo before = e == null ? quietPods.get(key) : e.removing() ? null : e.pod();
    if (before != null) {
      selecting.selecting(before, undiagnosed);
    }
    if (pod != null) {
      selecting.selecting(pod, undiagnosed);
    }
    if (before == null || pod == null || !before.labels().equals(pod.labels())) {
      relabelled.add(k.namespace());
    }
    if (e == null && membership.quiet(k.namespace())) {
      quietPod(key, before, pod);
      return false;
    }
    if (pod == null) {
      if (e != null && !e.removing()) {
        e.remove(nowNs);
        leavingElements.add(key);
        animateCard(key, nowNs);
      }
      return false;
    }
    if (e == null || e.removing() || !Objects.equals(e.pod().ip(), pod.ip())) {
      // Edges drawn to its bare address (the slice came first) or to its old self re-aim.
      servicesTargeting(key, dirtyServices);
      if (pod.ip() != null) {
        servicesTargeting(ADDR + pod.ip(), dirtyServices);
      }
    }
    if (e == null) {
      addElement(new SceneElement(key, ElementKind.POD, pod, PodLook.of(pod), nowNs));
      animateCard(key, nowNs);
      return true;
    }
    boolean moved = !Objects.equals(e.pod().nodeName(), pod.nodeName()) || e.removing()
        || !Objects.equals(e.pod().workload(), pod.workload());
    leavingElements.remove(key);
    membership.podChanged(key, e.pod(), pod);
    e.update(pod, PodLook.of(pod), nowNs);
    animateCard(key, nowNs);
    return moved;
  }

  /** A pod of a quiet namespace came, changed or left: only its counts change. */
  private void quietPod(String key, PodInfo before, PodInfo pod) {
    if (pod == null) {
      if (quietPods.remove(key) != null) {
        membership.removedPod(key, before);
      }
    } else if (quietPods.put(key, pod) == null) {
      membership.addedPod(key, pod);
    } else {
      membership.podChanged(key, before, pod);
    }
  }

  /**
   * Brings the namespaces whose grouping changed in line: the pods of one that went quiet lose
   * their cards (their counts stay), one that opened gets them; the Services of both are brought
   * to their endpoints again (edges inside a quiet namespace are not kept), over the next frames.
   */
  private void follow(long nowNs) {
    if (grouping.version() == followed) {
      return;
    }
    followed = grouping.version();
    List<String> turned = new ArrayList<>();
    membership.namespaces().forEach((ns, m) -> {
      if (m.quiet != grouping.quiet(ns)) {
        turned.add(ns);
      }
    });
    for (String ns : turned) {
      Membership.Members m = membership.of(ns);
      m.quiet = !m.quiet;
      List<String> pods = new ArrayList<>(m.loose);
      m.workloads.values().forEach(t -> pods.addAll(t.pods));
      for (String key : pods) {
        if (m.quiet) {
          quieten(key, nowNs);
        } else {
          detail(key, nowNs);
        }
      }
      m.services.forEach(svc -> retarget.add(serviceObjectKey(svc)));
    }
  }

  /** A pod's card goes; it stays counted (unless it was leaving). */
  private void quieten(String key, long nowNs) {
    SceneElement e = elements.get(key);
    if (e == null || e.kind() != ElementKind.POD) {
      return;
    }
    if (e.removing()) {
      membership.removed(e);
    } else {
      quietPods.put(key, e.pod());
    }
    discard(e, nowNs);
  }

  /** A counted pod gets its card; edges to its address from other namespaces re-aim to it. */
  private void detail(String key, long nowNs) {
    PodInfo pod = quietPods.remove(key);
    if (pod == null) {
      return;
    }
    if (pod.ip() != null) {
      servicesTargeting(ADDR + pod.ip(), retarget);
    }
    show(new SceneElement(key, ElementKind.POD, pod, PodLook.of(pod), nowNs));
    animateCard(key, nowNs);
  }

  private boolean applyService(ObjectKey k, ServiceInfo svc, long nowNs) {
    diagnosticsVersion++;
    String key = serviceKey(k);
    SceneElement e = elements.get(key);
    animateCard(key, nowNs);
    if (svc == null) {
      selecting.remove(k);
      withoutEndpoints.remove(k);
      if (e != null && !e.removing()) {
        e.remove(nowNs);
        leavingElements.add(key);
      }
      return false;
    }
    selecting.put(k, svc.hasSelector() ? svc.selector() : null);
    if (e == null) {
      addElement(new SceneElement(key, ElementKind.SERVICE, svc, svc.type(), nowNs));
      return true;
    }
    boolean revived = e.removing();
    leavingElements.remove(key);
    e.update(svc, svc.type(), nowNs);
    return revived;
  }

  private void servicesTargeting(String target, Set<ObjectKey> into) {
    for (String id : edgesByTarget.getOrDefault(target, Set.of())) {
      into.add(serviceObjectKey(edges.get(id).serviceKey()));
    }
  }

  private static ObjectKey serviceObjectKey(String sceneKey) {
    String rest = sceneKey.substring(SVC.length());
    int slash = rest.indexOf('/');
    return new ObjectKey(rest.substring(0, slash), rest.substring(slash + 1));
  }

  private void addElement(SceneElement e) {
    membership.added(e);
    show(e);
  }

  /** Makes a card for an element already counted. */
  private void show(SceneElement e) {
    elements.put(e.key(), e);
    Node n = graph.addNode(e.key());
    n.setAttribute(SceneElement.ATTRIBUTE, e);
  }

  /** Brings the edges of one Service to its current endpoints. */
  private boolean applyEndpoints(ObjectKey svcKey, ClusterIndex index, long nowNs) {
    String sKey = serviceKey(svcKey);
    ServiceInfo svc = index.service(svcKey);
    SceneElement card = elements.get(sKey);
    Set<String> wanted = new HashSet<>();
    boolean structure = false;
    if (svc != null && card != null) {
      List<ResolvedEndpoint> endpoints = index.endpointsOf(svc);
      Map<String, String> resolved = resolvedTargets(endpoints);
      if (!resolved.equals(card.resolvedTargets())) {
        card.resolvedTargets(resolved);
        animateCard(sKey, nowNs);
      }
      boolean quiet = membership.quiet(svcKey.namespace());
      for (ResolvedEndpoint ep : endpoints) {
        if (quiet && svcKey.namespace().equals(ep.podNamespace())) {
          continue; // inside a quiet namespace: its card counts the pods
        }
        String target = targetOf(ep);
        SceneElement targetElement = elements.get(target);
        if (targetElement == null) {
          addElement(new SceneElement(target, ElementKind.ADDRESS,
              new SceneElement.Address(ep.ip(), ep.podNamespace()), "address", nowNs));
          animateCard(target, nowNs);
          structure = true;
        } else if (targetElement.removing()) {
          membership.removed(targetElement);
          targetElement.update(new SceneElement.Address(ep.ip(), ep.podNamespace()), "address",
              nowNs);
          membership.added(targetElement);
          leavingElements.remove(target);
          animateCard(target, nowNs);
        }
        String id = sKey + "→" + ep.ip() + ":" + ep.port() + "/" + ep.portName() + "/" + ep.protocol();
        wanted.add(id);
        EndpointEdge edge = edges.get(id);
        if (edge != null && !edge.targetKey().equals(target)) {
          dropEdge(id, nowNs);
          edge = null;
        }
        if (edge == null) {
          addEdge(id, new EndpointEdge(sKey, target, ep, nowNs));
          animateEdges(nowNs);
        } else if (!edge.endpoint().equals(ep) || edge.removing()) {
          edge.update(ep, nowNs);
          leavingEdges.remove(id);
          animateEdges(nowNs);
        }
      }
    }
    for (String id : edgesByService.getOrDefault(sKey, Set.of())) {
      EndpointEdge e = edges.get(id);
      if (!wanted.contains(id) && !e.removing()) {
        e.remove(nowNs);
        leavingEdges.add(id);
        animateEdges(nowNs);
      }
    }
    return structure;
  }

  private static Map<String, String> resolvedTargets(List<ResolvedEndpoint> endpoints) {
    Map<String, SortedSet<Integer>> targets = new TreeMap<>();
    for (ResolvedEndpoint ep : endpoints) {
      targets.computeIfAbsent(ep.portName(), n -> new TreeSet<>()).add(ep.port());
    }
    Map<String, String> resolved = new HashMap<>();
    targets.forEach((n, ports) -> resolved.put(n, ports.stream().map(String::valueOf)
        .collect(Collectors.joining(","))));
    return resolved;
  }

  private String targetOf(ResolvedEndpoint ep) {
    if (ep.podName() != null) {
      String key = podKey(ep.podNamespace(), ep.podName());
      SceneElement pod = elements.get(key);
      if (pod != null && !pod.removing()) {
        return key;
      }
    }
    return ADDR + ep.ip();
  }

  private void addEdge(String id, EndpointEdge edge) {
    edges.put(id, edge);
    String ns = crossingFrom(edge);
    if (ns != null) {
      membership.crossEdge(ns, id, true);
    }
    edgesByTarget.computeIfAbsent(edge.targetKey(), t -> new HashSet<>()).add(id);
    edgesByService.computeIfAbsent(edge.serviceKey(), t -> new HashSet<>()).add(id);
    Edge g = graph.addEdge(id, edge.serviceKey(), edge.targetKey(), true);
    g.setAttribute(EndpointEdge.ATTRIBUTE, edge);
  }

  private void dropEdge(String id, long nowNs) {
    EndpointEdge edge = edges.remove(id);
    if (edge == null) {
      return;
    }
    leavingEdges.remove(id);
    membership.crossEdge(serviceObjectKey(edge.serviceKey()).namespace(), id, false);
    unindex(edgesByTarget, edge.targetKey(), id);
    unindex(edgesByService, edge.serviceKey(), id);
    if (graph.getEdge(id) != null) {
      graph.removeEdge(id);
    }
    if (edge.targetKey().startsWith(ADDR) && !edgesByTarget.containsKey(edge.targetKey())) {
      SceneElement address = elements.get(edge.targetKey());
      if (address != null && !address.removing()) {
        address.remove(nowNs);
        leavingElements.add(address.key());
        animateCard(address.key(), nowNs);
      }
    }
  }

  /** The Service's namespace when the edge leaves it (to a pod or address elsewhere), else null. */
  private String crossingFrom(EndpointEdge edge) {
    String ns = serviceObjectKey(edge.serviceKey()).namespace();
    SceneElement target = elements.get(edge.targetKey());
    return target != null && ns.equals(target.namespace()) ? null : ns;
  }

  private static void unindex(Map<String, Set<String>> index, String key, String id) {
    Set<String> ids = index.get(key);
    if (ids != null) {
      ids.remove(id);
      if (ids.isEmpty()) {
        index.remove(key);
      }
    }
  }

  /**
   * Diagnoses the Services a change touched — those selecting a changed pod (before or after),
   * those changed or whose slices changed, and, where pods came, went or were relabelled, those
   * without endpoints (their "nearest pod" may change) — for at most {@link
   * #DIAGNOSIS_BUDGET_NS} a frame, so a relist of a big namespace never holds the FX thread.
   *
   * @return whether the round is done (else it goes on next frame)
   */
  private boolean refreshDiagnostics(ClusterIndex index, long nowNs) {
    long deadline = System.nanoTime() + DIAGNOSIS_BUDGET_NS;
    if (!relabelled.isEmpty()) {
      for (ObjectKey svc : withoutEndpoints) {
        if (relabelled.contains(svc.namespace())) {
          undiagnosed.add(svc);
        }
      }
      relabelled.clear();
    }
    for (java.util.Iterator<ObjectKey> it = undiagnosed.iterator(); it.hasNext(); ) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      ObjectKey k = it.next();
      it.remove();
      SceneElement e = elements.get(serviceKey(k));
      if (e == null || e.service() == null) {
        continue;
      }
      ServiceInfo current = index.service(k);
      List<dev.switchboard.app.cluster.Diagnostic> found = current == null ? List.of()
          : ServiceDiagnostics.diagnose(current, index);
      if (!found.equals(e.diagnostics())) {
        e.diagnostics(found);
        diagnosticsVersion++;
        cardsUntil.merge(e.key(), nowNs, Math::max);
        if (found.stream().anyMatch(d -> d.code().equals(
            dev.switchboard.app.cluster.Diagnostic.NO_ENDPOINTS))) {
          withoutEndpoints.add(k);
        } else {
          withoutEndpoints.remove(k);
        }
      }
    }
    return true;
  }

  /**
   * Drops what has finished fading out.
   *
   * @return whether anything left (the layout must be updated)
   */
  public boolean purge(long nowNs) {
    if (leavingEdges.isEmpty() && leavingElements.isEmpty()) {
      return false;
    }
    long deadline = System.nanoTime() + PURGE_BUDGET_NS;
    for (String id : List.copyOf(leavingEdges)) {
      if (System.nanoTime() > deadline) {
        break;
      }
      if (!edges.get(id).presence.fade.running(nowNs)) {
        dropEdge(id, nowNs);
      }
    }
    boolean structure = false;
    for (String key : List.copyOf(leavingElements)) {
      if (System.nanoTime() > deadline) {
        break;
      }
      SceneElement e = elements.get(key);
      if (e.presence.fade.running(nowNs)) {
        continue;
      }
      membership.removed(e);
      discard(e, nowNs);
      structure = true;
    }
    return structure;
  }

  /** Drops an element's card and its edges at once; the Services that pointed at it re-aim. */
  private void discard(SceneElement e, long nowNs) {
    String key = e.key();
    leavingElements.remove(key);
    elements.remove(key);
    for (String id : List.copyOf(edgesByTarget.getOrDefault(key, Set.of()))) {
      retarget.add(serviceObjectKey(edges.get(id).serviceKey()));
      dropEdge(id, nowNs);
    }
    for (String id : List.copyOf(edgesByService.getOrDefault(key, Set.of()))) {
      dropEdge(id, nowNs);
    }
    Node n = graph.getNode(key);
    if (n != null) {
      graph.removeNode(n);
    }
  }

  public boolean animating(long nowNs) {
    return nowNs < animatingUntilNs;
  }

  /**
   * Cards in the picture (pods, Services, addresses), those fading out and the pods of quiet
   * namespaces included: a sync delivers Services and slices before pods, so a big cluster is
   * big from its first frames.
   */
  public int cardCount() {
    return elements.size() + quietPods.size();
  }

  /**
   * Pods in the picture in {@code look} (null: all), from the counts: the pods of quiet
   * namespaces included, and cards still fading out.
   */
  public long pods(PodLook look) {
    return membership.pods(look);
  }

  /**
   * The card that stands for {@code key} (its own, or its group's), or null when the picture
   * has no such pod, Service or address: a quiet namespace's pods are found by their counts.
   */
  public String shownAs(String key) {
    SceneElement e = elements.get(key);
    if (e != null) {
      return grouping.shownAs(e);
    }
    PodInfo pod = quietPods.get(key);
    return pod == null ? null : grouping.shownAs(key, pod.namespace(), pod);
  }

  /**
   * What the layout places: node regions in name order, pods per node, Services; a collapsed
   * namespace's card among the Services, a collapsed workload's in a region of its namespace's
   * workloads. Read from the {@link Membership} index: its cost follows what is shown, not the
   * cluster's size. A big cluster's nodes without a pod shown are left out (empty boxes by the
   * hundred would push everything else to a sliver).
   *
   * @param namespaceShown the one namespace shown, or null for all
   */
  public LayoutInput layoutInput(String namespaceShown, Grouping grouping) {
    follow(lastNowNs);
    Map<String, List<String>> byRegion = new TreeMap<>();
    List<String> services = new ArrayList<>();
    membership.namespaces().forEach((ns, m) -> {
      if (namespaceShown != null && !namespaceShown.equals(ns) || m.isEmpty()) {
        return;
      }
      String nsKey = grouping.namespaceKey(ns);
      if (grouping.collapsed(nsKey)) {
        services.add(nsKey);
        return;
      }
      services.addAll(m.services);
      m.workloads.forEach((w, tally) -> {
        String wl = grouping.workloadKey(ns, w);
        if (grouping.collapsed(wl)) {
          byRegion.computeIfAbsent(WORKLOADS_REGION + ns, r -> new ArrayList<>()).add(wl);
        } else {
          tally.pods.forEach(k -> place(k, byRegion));
        }
      });
      m.loose.forEach(k -> place(k, byRegion));
    });
    membership.outside().forEach(k -> place(k, byRegion));
    services.sort(null);
    byRegion.values().forEach(l -> l.sort(null));
    List<String> regions = new ArrayList<>(clusterNodes.keySet());
    if (regions.size() > ALL_NODES_UP_TO) {
      regions.retainAll(byRegion.keySet());
    }
    return new LayoutInput(regions, byRegion, services);
  }

  private void place(String key, Map<String, List<String>> byRegion) {
    SceneElement e = elements.get(key);
    String region = e.kind() == ElementKind.ADDRESS ? ADDRESS_REGION
        : e.pod().nodeName() == null ? LayoutInput.UNSCHEDULED : e.pod().nodeName();
    byRegion.computeIfAbsent(region, r -> new ArrayList<>()).add(key);
  }

  /**
   * The edges the picture may show: those of every Service shown, and of a collapsed namespace
   * only those leaving it (the rest would join its card to itself).
   */
  public List<EndpointEdge> edgesShown(String namespaceShown, Grouping grouping) {
    List<EndpointEdge> out = new ArrayList<>();
    membership.namespaces().forEach((ns, m) -> {
      if (namespaceShown != null && !namespaceShown.equals(ns)) {
        return;
      }
      if (grouping.collapsed(grouping.namespaceKey(ns))) {
        m.crossEdges.forEach(id -> out.add(edges.get(id)));
        return;
      }
      for (String svc : m.services) {
        for (String id : edgesByService.getOrDefault(svc, Set.of())) {
          out.add(edges.get(id));
        }
      }
    });
    return out;
  }

  /** The Service cards, without a pass over the pods. */
  public List<SceneElement> services() {
    List<SceneElement> out = new ArrayList<>();
    membership.namespaces().values().forEach(m -> m.services.forEach(k -> out.add(elements.get(k))));
    return out;
  }

  /** Changes whenever a Service comes, changes or goes, or its diagnostics change. */
  public long diagnosticsVersion() {
    return diagnosticsVersion;
  }

  /** Namespace → its cards and counts (what {@link Grouping} makes group cards of). */
  Membership membership() {
    return membership;
  }
}
