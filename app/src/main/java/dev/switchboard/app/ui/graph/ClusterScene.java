package dev.switchboard.app.ui.graph;

import dev.switchboard.app.cluster.ChangeKind;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.graphstream.graph.Edge;
import org.graphstream.graph.Graph;
import org.graphstream.graph.Node;
import org.graphstream.graph.implementations.MultiGraph;

/**
 * The picture's model: a GraphStream graph whose nodes are Services, pods and bare endpoint
 * addresses and whose edges are endpoints, each carrying its animation state. Fed with change
 * keys pulled from a {@link ClusterStore}; departing things fade out before they leave. Owned by
 * the FX thread.
 */
public final class ClusterScene {
  static final String POD = "pod:";
  static final String SVC = "svc:";
  static final String ADDR = "addr:";

  private final Graph graph = new MultiGraph("cluster", false, false);
  private final Map<String, SceneElement> elements = new HashMap<>();
  private final Map<String, EndpointEdge> edges = new HashMap<>();
  private final Map<String, Set<String>> edgesByTarget = new HashMap<>();
  private final Set<ObjectKey> retarget = new HashSet<>();
  private final Map<String, NodeInfo> clusterNodes = new TreeMap<>();
  private final Map<ObjectKey, ObjectKey> sliceService = new HashMap<>();
  private final Set<String> dirtyNamespaces = new HashSet<>();

  public static String podKey(String namespace, String name) {
    return POD + namespace + "/" + name;
  }

  public static String serviceKey(ObjectKey key) {
    return SVC + key;
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
    if (changes.isEmpty() && dirtyNamespaces.isEmpty() && retarget.isEmpty()) {
      return false;
    }
    return store.read(index -> applyLocked(index, changes, nowNs));
  }

  private boolean applyLocked(ClusterIndex index, List<Change> changes, long nowNs) {
    boolean structure = false;
    Set<ObjectKey> dirtyServices = new HashSet<>(retarget);
    retarget.clear();
    for (Change c : changes) {
      ObjectKey k = c.key();
      switch (c.kind()) {
        case POD -> {
          PodInfo pod = index.pod(k);
          structure |= applyPod(k, pod, nowNs);
          dirtyNamespaces.add(k.namespace());
          // An endpoint may have been drawn to a bare address before its pod arrived.
          servicesTargeting(podKey(k.namespace(), k.name()), dirtyServices);
          if (pod != null && pod.ip() != null) {
            servicesTargeting(ADDR + pod.ip(), dirtyServices);
          }
        }
        case SERVICE -> {
          structure |= applyService(k, index.service(k), nowNs);
          dirtyServices.add(k);
          dirtyNamespaces.add(k.namespace());
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
            dirtyNamespaces.add(svc.namespace());
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
    for (ObjectKey svc : dirtyServices) {
      structure |= applyEndpoints(svc, index, nowNs);
    }
    refreshDiagnostics(index);
    return structure;
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

  private boolean applyPod(ObjectKey k, PodInfo pod, long nowNs) {
    String key = podKey(k.namespace(), k.name());
    SceneElement e = elements.get(key);
    if (pod == null) {
      if (e != null) {
        e.remove(nowNs);
      }
      return false;
    }
    if (e == null) {
      addElement(new SceneElement(key, ElementKind.POD, pod, PodLook.of(pod), nowNs));
      return true;
    }
    boolean moved = !java.util.Objects.equals(e.pod().nodeName(), pod.nodeName()) || e.removing();
    e.update(pod, PodLook.of(pod), nowNs);
    return moved;
  }

  private boolean applyService(ObjectKey k, ServiceInfo svc, long nowNs) {
    String key = serviceKey(k);
    SceneElement e = elements.get(key);
    if (svc == null) {
      if (e != null) {
        e.remove(nowNs);
      }
      return false;
    }
    if (e == null) {
      addElement(new SceneElement(key, ElementKind.SERVICE, svc, svc.type(), nowNs));
      return true;
    }
    boolean revived = e.removing();
    e.update(svc, svc.type(), nowNs);
    return revived;
  }

  private void addElement(SceneElement e) {
    SceneElement prior = elements.put(e.key(), e);
    if (prior == null) {
      Node n = graph.addNode(e.key());
      n.setAttribute(SceneElement.ATTRIBUTE, e);
    } else {
      graph.getNode(e.key()).setAttribute(SceneElement.ATTRIBUTE, e);
    }
  }

  /** Brings the edges of one Service to its current endpoints. */
  private boolean applyEndpoints(ObjectKey svcKey, ClusterIndex index, long nowNs) {
    String sKey = serviceKey(svcKey);
    ServiceInfo svc = index.service(svcKey);
    Set<String> wanted = new HashSet<>();
    boolean structure = false;
    if (svc != null && elements.containsKey(sKey)) {
      Map<String, java.util.SortedSet<Integer>> targets = new TreeMap<>();
      List<ResolvedEndpoint> endpoints = index.endpointsOf(svc);
      for (ResolvedEndpoint ep : endpoints) {
        targets.computeIfAbsent(ep.portName(), n -> new java.util.TreeSet<>()).add(ep.port());
      }
      Map<String, String> resolved = new HashMap<>();
      targets.forEach((n, ports) -> resolved.put(n, ports.stream().map(String::valueOf)
          .collect(java.util.stream.Collectors.joining(","))));
      elements.get(sKey).resolvedTargets(resolved);
      for (ResolvedEndpoint ep : endpoints) {
        String target = targetOf(ep);
        if (!elements.containsKey(target)) {
          addElement(new SceneElement(target, ElementKind.ADDRESS, ep.ip(), "address", nowNs));
          structure = true;
        }
        String id = sKey + "→" + ep.ip() + ":" + ep.port() + "/" + ep.portName() + "/" + ep.protocol();
        wanted.add(id);
        EndpointEdge edge = edges.get(id);
        if (edge != null && !edge.targetKey().equals(target)) {
          dropEdge(id);
          edge = null;
        }
        if (edge == null) {
          edge = new EndpointEdge(sKey, target, ep, nowNs);
          edges.put(id, edge);
          edgesByTarget.computeIfAbsent(target, t -> new HashSet<>()).add(id);
          Edge g = graph.addEdge(id, sKey, target, true);
          g.setAttribute(EndpointEdge.ATTRIBUTE, edge);
        } else {
          edge.update(ep, nowNs);
        }
      }
    }
    for (Map.Entry<String, EndpointEdge> e : edges.entrySet()) {
      if (e.getValue().serviceKey().equals(sKey) && !wanted.contains(e.getKey())) {
        e.getValue().remove(nowNs);
      }
    }
    return structure;
  }

  private String targetOf(ResolvedEndpoint ep) {
    if (ep.podName() != null) {
      String key = podKey(ep.podNamespace(), ep.podName());
      if (elements.containsKey(key)) {
        return key;
      }
    }
    return ADDR + ep.ip();
  }

  private void dropEdge(String id) {
    EndpointEdge edge = edges.remove(id);
    if (edge != null) {
      Set<String> ids = edgesByTarget.get(edge.targetKey());
      if (ids != null) {
        ids.remove(id);
        if (ids.isEmpty()) {
          edgesByTarget.remove(edge.targetKey());
        }
      }
    }
    if (graph.getEdge(id) != null) {
      graph.removeEdge(id);
    }
  }

  private void refreshDiagnostics(ClusterIndex index) {
    if (dirtyNamespaces.isEmpty()) {
      return;
    }
    for (SceneElement e : elements.values()) {
      ServiceInfo svc = e.service();
      if (svc != null && dirtyNamespaces.contains(svc.namespace())) {
        ServiceInfo current = index.service(svc.key());
        e.diagnostics(current == null ? List.of() : ServiceDiagnostics.diagnose(current, index));
      }
    }
    dirtyNamespaces.clear();
  }

  /**
   * Drops what has finished fading out.
   *
   * @return whether anything left (the layout must be updated)
   */
  public boolean purge(long nowNs) {
    boolean structure = false;
    List<String> gone = new ArrayList<>();
    for (Map.Entry<String, EndpointEdge> e : edges.entrySet()) {
      if (e.getValue().removing() && !e.getValue().fade.running(nowNs)) {
        gone.add(e.getKey());
      }
    }
    gone.forEach(this::dropEdge);
    Set<String> referenced = new HashSet<>();
    edges.values().forEach(e -> referenced.add(e.targetKey()));
    for (SceneElement e : List.copyOf(elements.values())) {
      boolean faded = e.removing() && !e.fade.running(nowNs);
      boolean orphanAddress = e.kind() == ElementKind.ADDRESS && !referenced.contains(e.key());
      if (faded || orphanAddress) {
        elements.remove(e.key());
        for (String id : List.copyOf(edgesByTarget.getOrDefault(e.key(), Set.of()))) {
          retarget.add(serviceObjectKey(edges.get(id).serviceKey()));
          dropEdge(id);
        }
        if (e.kind() == ElementKind.SERVICE) {
          edges.entrySet().stream().filter(x -> x.getValue().serviceKey().equals(e.key()))
              .map(Map.Entry::getKey).toList().forEach(this::dropEdge);
        }
        Node n = graph.getNode(e.key());
        if (n != null) {
          graph.removeNode(n);
        }
        structure = true;
      }
    }
    return structure;
  }

  public boolean animating(long nowNs) {
    for (SceneElement e : elements.values()) {
      if (e.fade.running(nowNs) || e.status.running(nowNs)) {
        return true;
      }
    }
    for (EndpointEdge e : edges.values()) {
      if (e.fade.running(nowNs) || e.state.running(nowNs)) {
        return true;
      }
    }
    return false;
  }

  /** What the layout places: node regions in name order, pods per node, Services. */
  public LayoutInput layoutInput(Predicate<SceneElement> visible) {
    Map<String, List<String>> byRegion = new TreeMap<>();
    List<String> services = new ArrayList<>();
    for (SceneElement e : elements.values()) {
      if (!visible.test(e)) {
        continue;
      }
      switch (e.kind()) {
        case SERVICE -> services.add(e.key());
        case POD -> {
          String node = e.pod().nodeName();
          byRegion.computeIfAbsent(node == null ? LayoutInput.UNSCHEDULED : node,
              r -> new ArrayList<>()).add(e.key());
        }
        case ADDRESS -> byRegion.computeIfAbsent(ADDRESS_REGION, r -> new ArrayList<>()).add(e.key());
        default -> throw new IllegalStateException();
      }
    }
    services.sort(null);
    byRegion.values().forEach(l -> l.sort(null));
    List<String> regions = new ArrayList<>(clusterNodes.keySet());
    return new LayoutInput(regions, byRegion, services);
  }

  /** Region of endpoint addresses that are no pod (selector-less Services' hand-made slices). */
  public static final String ADDRESS_REGION = "(addresses outside pods)";
}
