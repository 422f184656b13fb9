package dev.switchboard.app.ui.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.bench.FrameTimeBenchmark;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.Workload;
import dev.switchboard.layouts.LayoutInput;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Collapsed groups read from the scene's index: the layout places one card per collapsed
 * namespace or workload, the cards' counts follow pods changing state, node, workload or leaving,
 * and the edges shown for a collapsed namespace are only those that leave it.
 */
class SceneGroupingTest {
  private static final long MS = 1_000_000L;
  /** 3 namespaces, Deployments of 4 pods (app a in shop-(a % 3)), 5 nodes: 60 pods, 15 apps. */
  private final ClusterStore store = FrameTimeBenchmark.teams(60, 3, 4, 5);
  private final PendingChanges pending = new PendingChanges();
  private final ClusterScene scene = new ClusterScene();
  private final Grouping grouping = new Grouping();
  private long now = 1_000 * MS;

  SceneGroupingTest() {
    scene.groupedBy(grouping);
    store.addListener(pending);
    store.read(index -> {
      index.pods().forEach(p -> pending.changed(dev.switchboard.app.cluster.ChangeKind.POD, p.key()));
      index.services().forEach(s -> pending.changed(dev.switchboard.app.cluster.ChangeKind.SERVICE,
          s.key()));
      index.slices().forEach(s -> pending.changed(
          dev.switchboard.app.cluster.ChangeKind.ENDPOINT_SLICE, s.key()));
      return null;
    });
    settle();
  }

  private void settle() {
    for (int frame = 0; frame < 100; frame++) {
      scene.apply(store, pending.drain(GraphView.BATCH), now);
      now += 400 * MS; // past every fade: what leaves is purged
      scene.purge(now);
    }
  }

  private GroupCard card(String key) {
    grouping.count(scene.membership(), null);
    return grouping.cards().get(key);
  }

  private PodInfo pod(String ns, String name) {
    return store.read(i -> i.pod(new ObjectKey(ns, name)));
  }

  private void put(PodInfo p, boolean ready, String node, Workload w) {
    store.putPod(new PodInfo(p.namespace(), p.name(), p.uid(), p.ip(), p.ips(), node, p.phase(),
        ready, false, false, p.labels(), p.ports(), p.startedAtMillis(), w), 2);
  }

  @Test
  void collapsedNamespacesAreOneCardEachAndOpenIntoServicesAndWorkloads() {
    grouping.mode(Grouping.Mode.NAMESPACES);
    LayoutInput in = scene.layoutInput(null, grouping);
    assertEquals(List.of("ns:shop-0", "ns:shop-1", "ns:shop-2"), in.services());
    assertTrue(in.podsByRegion().isEmpty(), "no pod placed: " + in.podsByRegion());

    grouping.open("ns:shop-1");
    in = scene.layoutInput(null, grouping);
    assertTrue(in.services().containsAll(List.of("ns:shop-0", "ns:shop-2", "svc:shop-1/app-1",
        "svc:shop-1/app-4")));
    assertEquals(List.of("wl:shop-1/Deployment/app-1", "wl:shop-1/Deployment/app-10",
        "wl:shop-1/Deployment/app-13", "wl:shop-1/Deployment/app-4",
        "wl:shop-1/Deployment/app-7"), in.podsByRegion().get(ClusterScene.WORKLOADS_REGION + "shop-1"));

    grouping.open("wl:shop-1/Deployment/app-4");
    in = scene.layoutInput(null, grouping);
    long app4 = in.podsByRegion().values().stream().flatMap(List::stream)
        .filter(k -> k.startsWith("pod:shop-1/app-4-")).count();
    assertEquals(4, app4, "app-4's pods on their nodes");

    grouping.shown("shop-2");
    assertEquals(List.of("svc:shop-2/app-11", "svc:shop-2/app-14", "svc:shop-2/app-2",
        "svc:shop-2/app-5", "svc:shop-2/app-8"), scene.layoutInput("shop-2", grouping).services(),
        "one namespace shown: not collapsed, and the others not there");
  }

  @Test
  void theCountsFollowThePods() {
    grouping.mode(Grouping.Mode.NAMESPACES);
    GroupCard shop1 = card("ns:shop-1");
    assertEquals(20, shop1.pods());
    assertEquals(20, shop1.count(PodLook.READY));
    assertEquals(5, shop1.services());
    assertEquals(5, shop1.workloads());
    assertEquals(5, shop1.nodes());

    PodInfo p = pod("shop-1", "app-4-7d4b8f9c8d-0");
    put(p, false, "node-9", p.workload());
    settle();
    shop1 = card("ns:shop-1");
    assertEquals(1, shop1.count(PodLook.NOT_READY));
    assertEquals(19, shop1.count(PodLook.READY));
    assertEquals(6, shop1.nodes(), "it moved to a node of its own");

    grouping.mode(Grouping.Mode.WORKLOADS);
    put(pod("shop-1", "app-4-7d4b8f9c8d-1"), true, "node-1", new Workload("StatefulSet", "db"));
    settle();
    assertEquals(3, card("wl:shop-1/Deployment/app-4").pods(), "one of its four changed owner");
    assertEquals(1, card("wl:shop-1/StatefulSet/db").pods());
  }

  @Test
  void aCollapsedNamespaceShowsOnlyTheEdgesThatLeaveIt() {
    grouping.mode(Grouping.Mode.NAMESPACES);
    assertTrue(scene.edgesShown(null, grouping).isEmpty(), "every endpoint is inside its namespace");
    grouping.open("ns:shop-0");
    settle();
    assertEquals(5 * 4, scene.edgesShown(null, grouping).size(), "shop-0's 5 Services × 4");

    store.removePod(new ObjectKey("shop-1", "app-4-7d4b8f9c8d-0"), 3);
    settle();
    assertNull(scene.element(ClusterScene.podKey("shop-1", "app-4-7d4b8f9c8d-0")));
    assertEquals(19, card("ns:shop-1").pods(), "a pod that left is no longer counted");
    assertFalse(grouping.cards().containsKey("ns:shop-0"));
  }

  @Test
  void aCollapsedNamespaceKeepsItsPodsAsCountsAndMakesTheirCardsWhenOpened() {
    String pod = ClusterScene.podKey("shop-1", "app-4-7d4b8f9c8d-2");
    assertTrue(scene.element(pod) != null, "every pod a card while nothing is collapsed");
    int cards = scene.cardCount();

    grouping.mode(Grouping.Mode.NAMESPACES);
    settle();
    assertNull(scene.element(pod), "no card kept for a pod of a collapsed namespace");
    assertTrue(scene.elements().stream().noneMatch(e -> e.kind() == ElementKind.POD));
    assertTrue(scene.edges().isEmpty(), "nor an edge inside it");
    assertEquals(cards, scene.cardCount(), "its pods still count as the picture's cards");
    assertEquals("ns:shop-1", scene.shownAs(pod), "its connections go to its namespace's card");
    assertEquals(20, card("ns:shop-1").pods());

    grouping.open("ns:shop-1");
    settle();
    assertEquals(ElementKind.POD, scene.element(pod).kind(), "opened: its pods are cards again");
    assertEquals("wl:shop-1/Deployment/app-4", scene.shownAs(pod));
    assertEquals(5 * 4, scene.edges().size(), "and its Services' edges");
    assertEquals(List.of(pod), scene.endpointsOf("svc:shop-1/app-4").stream()
        .filter(pod::equals).toList());

    grouping.close("ns:shop-1");
    settle();
    assertNull(scene.element(pod));
    assertTrue(scene.edges().isEmpty());
    assertEquals(cards, scene.cardCount());
    assertEquals(20, card("ns:shop-1").pods(), "closed again: the same counts");
  }

  @Test
  void anEdgeIntoACollapsedNamespaceGoesToItsCardAndToThePodOnceItOpens() {
    PodInfo target = pod("shop-1", "app-4-7d4b8f9c8d-2");
    store.putService(new dev.switchboard.app.cluster.ServiceInfo("shop-0", "bridge", "bridge-uid",
        dev.switchboard.app.cluster.ServiceType.CLUSTER_IP, "10.96.9.9", List.of(), null,
        List.of(), List.of(), java.util.Map.of(),
        List.of(new dev.switchboard.app.cluster.ServicePort("http", "TCP", 80, "http", 0)),
        "None", 0, null, "Cluster"));
    store.putSlice(new dev.switchboard.app.cluster.EndpointSliceInfo("shop-0", "bridge-x",
        "bridge", "IPv4", List.of(new dev.switchboard.app.cluster.EndpointPort("http", "TCP",
        8080)), List.of(new dev.switchboard.app.cluster.Endpoint(List.of(target.ip()), true, true,
        false, target.nodeName(), "shop-1", target.name()))));
    grouping.mode(Grouping.Mode.NAMESPACES);
    grouping.open("ns:shop-0");
    settle();
    List<EndpointEdge> bridge = scene.edgesShown(null, grouping).stream()
        .filter(e -> e.serviceKey().equals("svc:shop-0/bridge")).toList();
    assertEquals(1, bridge.size(), "the edge that leaves shop-0 is kept: " + bridge);
    assertEquals("addr:" + target.ip(), bridge.get(0).targetKey(), "to the pod's address");
    assertEquals("ns:shop-1", scene.shownAs(bridge.get(0).targetKey()),
        "drawn to the collapsed namespace's card");

    grouping.open("ns:shop-1");
    settle();
    assertEquals(List.of(ClusterScene.podKey("shop-1", target.name())),
        scene.endpointsOf("svc:shop-0/bridge"), "re-aimed at the pod's card once it has one");
    assertNull(scene.element("addr:" + target.ip()), "the address card left");
  }

  @Test
  void theOneNamespaceShownHasCardsAndTheHiddenOnesStayCounts() {
    String shown = ClusterScene.podKey("shop-2", "app-5-7d4b8f9c8d-0");
    String hidden = ClusterScene.podKey("shop-1", "app-4-7d4b8f9c8d-0");
    grouping.mode(Grouping.Mode.NAMESPACES);
    grouping.shown("shop-2");
    settle();
    assertEquals(ElementKind.POD, scene.element(shown).kind(), "the namespace shown: pod cards");
    assertNull(scene.element(hidden), "a hidden one that would be collapsed: counts only");
    assertEquals(4, scene.endpointsOf("svc:shop-2/app-5").size());

    grouping.shown(null);
    settle();
    assertNull(scene.element(shown), "all namespaces again: collapsed, counts only");
    assertEquals(20, card("ns:shop-2").pods());
  }
}
