package dev.switchboard.app.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterIndexTest {
  static PodInfo pod(String name, String uid, String ip, PodPhase phase, boolean ready, long started) {
    return new PodInfo("demo", name, uid, ip, ip == null ? List.of() : List.of(ip), "node1", phase,
        ready, false, false, Map.of("app", "web"), List.of(new ContainerPort("http", 8080, "TCP")),
        started, null);
  }

  static ServiceInfo service(String name, ServiceType type, String vip, int port, int nodePort,
      List<String> ingress) {
    return new ServiceInfo("demo", name, "u-" + name, type, vip, List.of(vip), null, List.of(),
        ingress, Map.of("app", "web"), List.of(new ServicePort("http", "TCP", port, "http", nodePort)),
        "None", 0, null, null);
  }

  private static PodInfo labelled(String name, Map<String, String> labels) {
    PodInfo p = pod(name, "u-" + name, null, PodPhase.RUNNING, true, 1_000);
    return new PodInfo(p.namespace(), p.name(), p.uid(), p.ip(), p.ips(), p.nodeName(), p.phase(),
        p.ready(), p.terminating(), p.hostNetwork(), labels, p.ports(), p.startedAtMillis(),
        p.workload());
  }

  private static List<String> selected(ClusterStore store, ServiceInfo svc) {
    return store.read(i -> i.selectedPods(svc).stream().map(PodInfo::name).toList());
  }

  /** Selectors are matched through a label index: it must follow relabels, deletes and copies. */
  @Test
  void aSelectorPicksThePodsWithAllItsLabelsAsTheyChange() {
    ClusterStore store = new ClusterStore();
    ServiceInfo web = service("web", ServiceType.CLUSTER_IP, "10.96.0.20", 80, 0, List.of());
    ServiceInfo webCanary = new ServiceInfo("demo", "canary", "u-c", ServiceType.CLUSTER_IP,
        "10.96.0.21", List.of("10.96.0.21"), null, List.of(), List.of(),
        Map.of("app", "web", "track", "canary"), web.ports(), "None", 0, null, null);
    store.putPod(labelled("web-1", Map.of("app", "web")), 1);
    store.putPod(labelled("web-2", Map.of("app", "web", "track", "canary")), 1);
    store.putPod(labelled("api-1", Map.of("app", "api", "track", "canary")), 1);
    assertEquals(List.of("web-1", "web-2"), selected(store, web));
    assertEquals(List.of("web-2"), selected(store, webCanary));

    ClusterIndex before = store.snapshot();
    store.putPod(labelled("web-1", Map.of("app", "wbe")), 2);
    assertEquals(List.of("web-2"), selected(store, web), "relabelled away");
    store.putPod(labelled("api-1", Map.of("app", "web", "track", "canary")), 3);
    assertEquals(List.of("api-1", "web-2"), selected(store, webCanary), "relabelled in");
    store.removePod(new ObjectKey("demo", "web-2"), 4);
    assertEquals(List.of("api-1"), selected(store, webCanary), "deleted");
    assertEquals(List.of("web-1", "web-2"),
        before.selectedPods(web).stream().map(PodInfo::name).toList(), "a copy keeps its own");
  }

  @Test
  void ipReuseNeverNamesTheWrongPod() {
    ClusterStore store = new ClusterStore();
    store.putPod(pod("web-1", "a", "10.244.0.11", PodPhase.RUNNING, true, 1_000), 1_500);
    store.removePod(new ObjectKey("demo", "web-1"), 5_000);
    store.putPod(pod("web-7", "b", "10.244.0.11", PodPhase.RUNNING, true, 6_000), 6_100);
    assertEquals("web-1", store.read(i -> i.podByIp("10.244.0.11", 2_000)).name());
    assertNull(store.read(i -> i.podByIp("10.244.0.11", 5_500)), "nobody owned it in between");
    assertEquals("web-7", store.read(i -> i.podByIp("10.244.0.11", 7_000)).name());
    assertNull(store.read(i -> i.podByIp("10.244.0.11", 500)), "before web-1 started");
  }

  @Test
  void aFinishedPodGivesItsIpBackBeforeItIsDeleted() {
    ClusterStore store = new ClusterStore();
    store.putPod(pod("job-1", "a", "10.244.0.30", PodPhase.RUNNING, true, 1_000), 1_000);
    store.putPod(pod("job-1", "a", "10.244.0.30", PodPhase.SUCCEEDED, false, 1_000), 3_000);
    assertEquals("job-1", store.read(i -> i.podByIp("10.244.0.30", 2_999)).name());
    assertNull(store.read(i -> i.podByIp("10.244.0.30", 3_000)));
  }

  @Test
  void aMissedDeleteIsClosedWhenTheIpIsReused() {
    ClusterStore store = new ClusterStore();
    store.putPod(pod("old", "a", "10.244.0.40", PodPhase.RUNNING, true, 1_000), 1_000);
    // the old pod's delete was missed; a new pod with the same IP started at 8 000
    store.putPod(pod("new", "b", "10.244.0.40", PodPhase.RUNNING, true, 8_000), 9_000);
    assertEquals("old", store.read(i -> i.podByIp("10.244.0.40", 7_999)).name());
    assertEquals("new", store.read(i -> i.podByIp("10.244.0.40", 8_000)).name());
  }

  @Test
  void servicesByVipNodePortAndLoadBalancerIp() {
    ClusterStore store = new ClusterStore();
    store.putService(service("web", ServiceType.CLUSTER_IP, "10.96.0.20", 80, 0, List.of()));
    store.putService(service("web-np", ServiceType.NODE_PORT, "10.96.0.21", 80, 30080, List.of()));
    store.putService(service("web-lb", ServiceType.LOAD_BALANCER, "10.96.0.22", 80, 30082,
        List.of("10.250.2.100")));
    assertEquals("web", store.read(i -> i.serviceByVip("10.96.0.20", 80, "TCP")).service().name());
    assertNull(store.read(i -> i.serviceByVip("10.96.0.20", 81, "TCP")));
    assertNull(store.read(i -> i.serviceByVip("10.96.0.20", 80, "UDP")));
    assertEquals("web-np", store.read(i -> i.serviceByNodePort(30080, "TCP")).service().name());
    assertEquals("web-lb", store.read(i -> i.serviceByLoadBalancerIp("10.250.2.100", 80, "TCP"))
        .service().name());
    assertNull(store.read(i -> i.serviceByLoadBalancerIp("10.96.0.22", 80, "TCP")));
    store.removeService(new ObjectKey("demo", "web-np"));
    assertNull(store.read(i -> i.serviceByNodePort(30080, "TCP")));
  }

  @Test
  void endpointsMergeAcrossSlicesAndKeepTheirConditions() {
    ClusterStore store = new ClusterStore();
    ServiceInfo web = service("web", ServiceType.CLUSTER_IP, "10.96.0.20", 80, 0, List.of());
    store.putService(web);
    List<EndpointPort> ports = List.of(new EndpointPort("http", "TCP", 8080));
    store.putSlice(new EndpointSliceInfo("demo", "web-a", "web", "IPv4", ports, List.of(
        new Endpoint(List.of("10.244.0.11"), true, true, false, "node1", "demo", "web-1"),
        new Endpoint(List.of("10.244.0.12"), false, true, true, "node1", "demo", "web-2"))));
    store.putSlice(new EndpointSliceInfo("demo", "web-b", "web", "IPv4", ports, List.of(
        new Endpoint(List.of("10.244.0.13"), false, false, false, "node1", "demo", "web-3"))));
    List<ResolvedEndpoint> eps = store.read(i -> i.endpointsOf(web));
    assertEquals(List.of("10.244.0.11", "10.244.0.12", "10.244.0.13"),
        eps.stream().map(ResolvedEndpoint::ip).toList());
    assertEquals(List.of(EndpointState.READY, EndpointState.TERMINATING_SERVING,
        EndpointState.NOT_READY), eps.stream().map(ResolvedEndpoint::state).toList());
    store.removeSlice(new ObjectKey("demo", "web-b"));
    assertEquals(2, store.read(i -> i.endpointsOf(web)).size());
  }

  @Test
  void listenersHearOnlyRealChanges() {
    ClusterStore store = new ClusterStore();
    List<String> heard = new java.util.ArrayList<>();
    store.addListener((kind, key) -> heard.add(kind + " " + key));
    PodInfo p = pod("web-1", "a", "10.244.0.11", PodPhase.RUNNING, true, 1);
    store.putPod(p, 1);
    store.putPod(p, 2); // a resync with nothing new
    store.removePod(p.key(), 3);
    store.removePod(p.key(), 4);
    assertEquals(List.of("POD demo/web-1", "POD demo/web-1"), heard);
  }
}
