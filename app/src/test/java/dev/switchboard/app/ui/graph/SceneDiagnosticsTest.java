package dev.switchboard.app.ui.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.ContainerPort;
import dev.switchboard.app.cluster.Diagnostic;
import dev.switchboard.app.cluster.Endpoint;
import dev.switchboard.app.cluster.EndpointPort;
import dev.switchboard.app.cluster.EndpointSliceInfo;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.PodPhase;
import dev.switchboard.app.cluster.ServiceInfo;
import dev.switchboard.app.cluster.ServicePort;
import dev.switchboard.app.cluster.ServiceType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The picture's Service diagnostics follow the changes that concern each Service: a pod it
 * selects turning unready, the same pod relabelled away (the "nearest pod" hint), and back. Only
 * the Services a change touches are diagnosed again (a readiness flip in a namespace of
 * thousands used to re-diagnose every Service there, holding the FX thread for 600 ms). Their
 * version moves with them, and only then (the diagnostics pane is made again only when it moves).
 */
class SceneDiagnosticsTest {
  private static final long MS = 1_000_000L;
  private final ClusterStore store = new ClusterStore();
  private final PendingChanges pending = new PendingChanges();
  private final ClusterScene scene = new ClusterScene();
  private long now = 1_000 * MS;

  private static PodInfo pod(String app, boolean ready) {
    return pod("web-1", "10.244.0.11", app, ready);
  }

  private static PodInfo pod(String name, String ip, String app, boolean ready) {
    return new PodInfo("demo", name, "uid-" + name, ip, List.of(ip), "node-1", PodPhase.RUNNING,
        ready, false, false, Map.of("app", app), List.of(new ContainerPort("http", 8080, "TCP")),
        1, null);
  }

  private static ServiceInfo service(String name, String app) {
    return new ServiceInfo("demo", name, "uid-" + name, ServiceType.CLUSTER_IP, "10.96.0.20",
        List.of(), null, List.of(), List.of(), Map.of("app", app),
        List.of(new ServicePort("http", "TCP", 80, "http", 0)), "None", 0, null, "Cluster");
  }

  private void slice(boolean ready, boolean listed) {
    store.putSlice(new EndpointSliceInfo("demo", "web-x", "web", "IPv4",
        List.of(new EndpointPort("http", "TCP", 8080)), listed
            ? List.of(new Endpoint(List.of("10.244.0.11"), ready, ready, false, "node-1", "demo",
                "web-1"))
            : List.of()));
  }

  /** Frames until the scene has nothing left to diagnose. */
  private void settle() {
    now += 600 * MS;
    for (int frame = 0; frame < 1000; frame++) {
      scene.apply(store, pending.drain(GraphView.BATCH), now);
      now += 16 * MS;
    }
  }

  private List<Diagnostic> of(String service) {
    return scene.elements().stream()
        .filter(e -> e.key().equals(ClusterScene.serviceKey(
            new dev.switchboard.app.cluster.ObjectKey("demo", service))))
        .findFirst().orElseThrow().diagnostics();
  }

  private String noEndpoints(String service) {
    return of(service).stream().filter(d -> d.code().equals(Diagnostic.NO_ENDPOINTS))
        .map(Diagnostic::message).findFirst().orElse(null);
  }

  @Test
  void servicesAreDiagnosedOnlyOnceTheClusterIsListed() {
    boolean[] listed = {false};
    scene.diagnoseOnce(() -> listed[0]);
    store.addListener(pending);
    store.putService(service("web", "web"));
    settle();
    assertEquals(List.of(), of("web"), "its pods may still be coming: nothing said yet");
    assertTrue(scene.diagnosesPending());

    store.putPod(pod("web", true), 1);
    slice(true, true);
    listed[0] = true;
    settle();
    assertEquals(null, noEndpoints("web"), of("web").toString());
    assertTrue(!scene.diagnosesPending(), "nothing left to diagnose");
  }

  @Test
  void aServicesDiagnosisFollowsThePodsItSelects() {
    store.addListener(pending);
    store.putService(service("web", "web"));
    store.putService(service("api", "api"));
    store.putPod(pod("web", true), 1);
    slice(true, true);
    settle();
    assertEquals(null, noEndpoints("web"), of("web").toString());
    assertTrue(noEndpoints("api").contains("matches no pod"), of("api").toString());

    // a pod no Service selects, one letter off api's selector: api's hint names it
    store.putPod(pod("apl-1", "10.244.0.12", "apl", true), 2);
    settle();
    assertTrue(noEndpoints("api").contains("nearest: apl-1"), of("api").toString());

    // the diagnostics pane redraws only when this version moves
    long version = scene.diagnosticsVersion();
    settle();
    assertEquals(version, scene.diagnosticsVersion(), "nothing changed, nor the version");
    store.putPod(pod("web", false), 2);
    slice(false, true);
    settle();
    assertTrue(scene.diagnosticsVersion() > version, "a diagnosis changed, and the version");
    assertTrue(noEndpoints("web").startsWith("no endpoints: 1 pod(s) match app=web but none is"
        + " Ready"), of("web").toString());

    // relabelled: web selects nothing, and its nearest pod is the one with the typo
    store.putPod(pod("wbe", true), 3);
    slice(true, false);
    settle();
    assertTrue(noEndpoints("web").contains("matches no pod") && noEndpoints("web")
        .contains("nearest: web-1"), of("web").toString());

    store.putPod(pod("web", true), 4);
    slice(true, true);
    settle();
    assertEquals(null, noEndpoints("web"), of("web").toString());
  }
}
