package dev.switchboard.app.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cluster.kube.ClusterDumpLoader;
import dev.switchboard.app.cluster.kube.KubeProjection;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Diagnostics on the real API server's objects (fixtures/real-lab-1) and a few made-up ones. */
class ServiceDiagnosticsTest {
  private ClusterStore store;

  @BeforeEach
  void load() throws Exception {
    store = new ClusterStore();
    try (InputStream in = getClass().getResourceAsStream("/fixtures/real-lab-1/cluster.yaml")) {
      new ClusterDumpLoader(new KubeProjection(new Interner())).load(in, "cluster.yaml", store, 0);
    }
  }

  private List<Diagnostic> of(String ns, String name) {
    return store.read(i -> ServiceDiagnostics.diagnose(i.service(new ObjectKey(ns, name)), i));
  }

  @Test
  void selectorTypoNamesTheNearestLabels() {
    List<Diagnostic> d = of("demo", "orphan");
    assertEquals(1, d.size());
    assertEquals(Diagnostic.NO_ENDPOINTS, d.get(0).code());
    assertEquals("no endpoints: selector app=front-end matches no pod in namespace demo; nearest:"
        + " client-1 — app=front-end vs app=frontend. Likely a typo in the selector or the pod"
        + " labels", d.get(0).message());
  }

  @Test
  void wrongTargetPortIsNamed() {
    List<Diagnostic> d = of("demo", "broken");
    assertEquals(List.of(Diagnostic.TARGET_PORT_UNMATCHED), d.stream().map(Diagnostic::code).toList());
    assertTrue(d.get(0).message().contains("targetPort 9999 matches no containerPort"));
    assertTrue(d.get(0).message().contains("they declare 8080/http"));
  }

  @Test
  void healthyServicesHaveNothingToSay() {
    for (String name : List.of("web", "web-np", "web-sticky", "web-local", "web-lb",
        "web-headless", "db-external")) {
      assertEquals(List.of(), of("demo", name), name);
    }
  }

  @Test
  void podsThatAreNotReadyAreNamed() {
    for (String name : List.of("web-1", "web-2", "web-3")) {
      PodInfo p = store.read(i -> i.pod(new ObjectKey("demo", name)));
      store.putPod(new PodInfo(p.namespace(), p.name(), p.uid(), p.ip(), p.ips(), p.nodeName(),
          p.phase(), false, false, false, p.labels(), p.ports(), p.startedAtMillis(), p.workload()), 0);
    }
    EndpointSliceInfo slice = store.read(i -> i.slicesOf(new ObjectKey("demo", "web")).get(0));
    store.putSlice(new EndpointSliceInfo(slice.namespace(), slice.name(), slice.serviceName(),
        slice.addressType(), slice.ports(), slice.endpoints().stream().map(e -> new Endpoint(
            e.addresses(), false, false, false, e.nodeName(), e.podNamespace(), e.podName())).toList()));
    Diagnostic d = of("demo", "web").get(0);
    assertEquals("no endpoints: 3 pod(s) match app=web but none is Ready (web-1: Running, not"
        + " ready; web-2: Running, not ready; web-3: Running, not ready)", d.message());
  }

  @Test
  void unknownNamedTargetPortAndPendingLoadBalancer() {
    ServiceInfo svc = new ServiceInfo("demo", "named", "u", ServiceType.LOAD_BALANCER, "10.96.9.9",
        List.of("10.96.9.9"), null, List.of(), List.of(), Map.of("app", "web"),
        List.of(new ServicePort("web", "TCP", 80, "htpp", 31000)), "None", 0, "Cluster", "Cluster");
    store.putService(svc);
    List<String> codes = of("demo", "named").stream().map(Diagnostic::code).toList();
    assertEquals(List.of(Diagnostic.NO_ENDPOINTS, Diagnostic.TARGET_PORT_NAME_UNKNOWN,
        Diagnostic.LOAD_BALANCER_PENDING), codes);
  }

  @Test
  void editDistance() {
    assertEquals(1, LabelDistance.edits("front-end", "frontend"));
    assertEquals(0, LabelDistance.edits("", ""));
    assertEquals(3, LabelDistance.edits("abc", ""));
  }
}
