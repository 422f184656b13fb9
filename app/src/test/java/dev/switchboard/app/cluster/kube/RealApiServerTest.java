package dev.switchboard.app.cluster.kube;

import static dev.switchboard.app.cluster.kube.LiveClusterTest.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cli.GraphJson;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.Interner;
import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.ResolvedEndpoint;
import dev.switchboard.app.cluster.SourceStatus;
import dev.switchboard.app.cluster.SourceStatus.Phase;
import dev.switchboard.app.kit.KitAdmin;
import dev.switchboard.app.kit.KubeKit;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import io.kubernetes.client.custom.IntOrString;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The informers against the real kube-apiserver, etcd and controllers of {@code ../shared/k8s}
 * (skipped, with the reason, where the kit is absent or not root). EndpointSlices here are the
 * real controller's, readiness flips reach them as on a cluster, a 410 comes from a real etcd
 * compaction, a restart is the API server process stopped and started. {@link LiveClusterTest}
 * keeps the stand-in only for what a real server will not do on demand: paging with a page size
 * it chooses, bookmarks at a set rate, a 401 for a token, one resource forbidden.
 */
class RealApiServerTest {
  private static final Duration SYNC = Duration.ofSeconds(60);

  @TempDir Path tmp;
  private KubeKit kit;
  private KitAdmin admin;
  private String ns;
  private ClusterStore store;
  private LiveCluster live;

  @BeforeEach
  void setUp() throws Exception {
    kit = KubeKit.up();
    admin = new KitAdmin(kit);
    ns = "sbt-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    admin.createNamespace(ns);
    store = new ClusterStore();
  }

  @AfterEach
  void tearDown() {
    if (live != null) {
      live.close();
    }
    if (admin != null) {
      admin.deleteNamespace(ns);
    }
  }

  private LiveCluster connect(String token, String namespace) throws Exception {
    Path kubeconfig = kit.kubeconfigWithToken(tmp.resolve("config-" + System.nanoTime()), token);
    KubeTarget target = new KubeconfigResolver(Map.of()).resolve(kubeconfig, null);
    live = new LiveCluster(KubeClients.forTarget(target), target.context(), target.server(),
        namespace, store, new KubeProjection(new Interner()), System::currentTimeMillis);
    live.start();
    return live;
  }

  private void web(int port) throws Exception {
    admin.core().createNamespacedService(ns, new V1Service()
        .metadata(new V1ObjectMeta().name("web"))
        .spec(new V1ServiceSpec().selector(Map.of("app", "web")).ports(List.of(new V1ServicePort()
            .name("http").port(port).targetPort(new IntOrString(8080)))))).execute();
  }

  private String pod(int n, boolean ready) {
    String name = "web-" + n;
    kit.fakePod(ns, name, "10.244.61." + (10 + n), ready);
    return name;
  }

  private PodInfo stored(String name) {
    return store.read(i -> i.pod(new ObjectKey(ns, name)));
  }

  private List<ResolvedEndpoint> endpoints() {
    return store.read(i -> i.service(new ObjectKey(ns, "web")) == null ? List.of()
        : i.endpointsOf(i.service(new ObjectKey(ns, "web"))));
  }

  private String liveGraph() {
    return GraphJson.of(store.snapshot()).toString();
  }

  /** The cache equals a fresh LIST (retried: the controllers may still be writing). */
  private void matchesAFreshList(String when) throws Exception {
    AtomicReference<String> last = new AtomicReference<>();
    try {
      eventually(when + ": the cache equals a fresh LIST", () -> {
        try {
          String fresh = admin.freshGraph();
          last.set(fresh);
          return fresh.equals(liveGraph());
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
    } catch (AssertionError e) {
      assertEquals(last.get(), liveGraph(), when);
    }
  }

  /** Stops the API server and waits until the status says the informers lost it. */
  private void stopTheApiServer() throws Exception {
    kit.stopApiServer();
    eventually("reconnecting: connection refused", () -> live.status().phase()
        == Phase.RECONNECTING && live.status().headline().contains("connection refused"));
  }

  @Test
  void followsTheRealControllersEndpointSlices() throws Exception {
    web(80);
    pod(1, true);
    pod(2, true);
    pod(3, false);
    connect(kit.adminToken(), null);
    assertTrue(live.awaitSynced(SYNC), () -> live.status().toString());
    eventually("the controller's slice: 3 endpoints, 2 ready", () -> endpoints().size() == 3
        && endpoints().stream().filter(ResolvedEndpoint::ready).count() == 2);
    matchesAFreshList("after the first sync");

    pod(3, true); // the kubelet's readiness flip, as the API sees it
    eventually("web-3 ready and its endpoint too", () -> stored("web-3").ready()
        && endpoints().stream().allMatch(ResolvedEndpoint::ready));
    admin.core().deleteNamespacedPod("web-1", ns).gracePeriodSeconds(0).execute();
    eventually("web-1 and its endpoint gone", () -> stored("web-1") == null
        && endpoints().size() == 2);
    matchesAFreshList("after a flip and a delete");
  }

  @Test
  void podsKnowTheirWorkloadFromTheRealControllers() throws Exception {
    pod(1, true);
    dev.switchboard.app.kit.KitDemo.web(admin, ns, 2);
    connect(kit.adminToken(), ns);
    assertTrue(live.awaitSynced(SYNC), () -> live.status().toString());
    eventually("the ReplicaSet controller's two pods", () -> store.read(i -> i.pods().stream()
        .filter(p -> p.workload() != null).count()) == 2);
    for (PodInfo p : store.read(i -> List.copyOf(i.pods()))) {
      if (p.name().equals("web-1")) {
        assertEquals(null, p.workload(), "a bare pod has none");
      } else {
        assertEquals(new dev.switchboard.app.cluster.Workload("Deployment", "web"), p.workload(),
            p.name() + ": the Deployment behind its ReplicaSet");
      }
    }
  }

  @Test
  void aCompactedVersionAfterARestartRelistsAndMatchesAFreshList() throws Exception {
    web(80);
    pod(1, true);
    connect(kit.adminToken(), null);
    assertTrue(live.awaitSynced(SYNC), () -> live.status().toString());
    eventually("web-1's endpoint", () -> endpoints().size() == 1);

    stopTheApiServer();
    // While it is down, etcd moves on and forgets the history the informers would resume from.
    kit.bumpAndCompact();
    kit.startApiServer();

    eventually("synced again", () -> live.status().phase() == Phase.SYNCED);
    eventually("the status says the informers relisted after 410 Gone", () -> live.status()
        .details().stream().anyMatch(d -> d.startsWith("pods") && d.contains("after 410 Gone")));
    pod(2, true);
    eventually("a change after the restart arrives", () -> stored("web-2") != null
        && endpoints().size() == 2);
    matchesAFreshList("after the restart and the 410");
  }

  @Test
  void anApiServerRestartIsShownAndTheCacheResyncs() throws Exception {
    web(80);
    pod(1, true);
    connect(kit.adminToken(), ns);
    assertTrue(live.awaitSynced(SYNC), () -> live.status().toString());
    stopTheApiServer();
    kit.startApiServer();
    eventually("synced again", () -> live.status().phase() == Phase.SYNCED);
    admin.core().deleteNamespacedPod("web-1", ns).gracePeriodSeconds(0).execute();
    pod(4, false);
    eventually("the changes after the restart", () -> stored("web-1") == null
        && stored("web-4") != null && !stored("web-4").ready());
    assertEquals(List.of("web-4"), store.read(i -> i.pods().stream().map(PodInfo::name)
        .sorted().toList()), "scoped to the namespace");
  }

  @Test
  void aRealTokenWithoutRightsIsNamedInOneLine() throws Exception {
    connect(kit.nobodyToken(), null);
    assertFalse(live.awaitSynced(SYNC));
    SourceStatus s = live.status();
    assertEquals(Phase.FAILED, s.phase());
    assertEquals("forbidden: missing RBAC permissions: list,watch namespaces (cluster-wide);"
        + " list,watch nodes (cluster-wide); list,watch pods (all namespaces);"
        + " list,watch services (all namespaces);"
        + " list,watch endpointslices.discovery.k8s.io (all namespaces)", s.headline());
  }
}
