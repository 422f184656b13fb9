package dev.switchboard.app.cluster.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.switchboard.app.cli.GraphJson;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.Interner;
import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.ResolvedEndpoint;
import dev.switchboard.app.cluster.SourceStatus;
import dev.switchboard.app.cluster.SourceStatus.Phase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official client's informers against a stand-in server with real list/watch semantics, for
 * what the real kube-apiserver ({@link RealApiServerTest}) will not do on demand: pages of a
 * size the test sets, bookmarks at a set rate, a watch cache that loses chosen changes before a
 * 410, a 401 for one token, one resource forbidden while the rest is allowed, a closed port.
 */
class LiveClusterTest {
  private static final Duration SYNC = Duration.ofSeconds(20);

  @TempDir Path tmp;
  private ListWatchApiServer server;
  private ClusterStore store;
  private LiveCluster live;

  @BeforeEach
  void startServer() throws IOException {
    server = new ListWatchApiServer();
    try (InputStream in = fixture("real-lab-1/cluster.yaml")) {
      server.seed(in);
    }
    server.start();
    store = new ClusterStore();
  }

  @AfterEach
  void stop() {
    if (live != null) {
      live.close();
    }
    server.close();
  }

  static InputStream fixture(String name) {
    return LiveClusterTest.class.getResourceAsStream("/fixtures/" + name);
  }

  private LiveCluster connect(String namespace, String token) throws Exception {
    Path kubeconfig = TestKubeconfig.write(tmp.resolve("config-" + System.nanoTime()), server.url(),
        token);
    KubeTarget target = new KubeconfigResolver(Map.of()).resolve(kubeconfig, null);
    live = new LiveCluster(KubeClients.forTarget(target), target.context(), target.server(),
        namespace, store, new KubeProjection(new Interner()), System::currentTimeMillis);
    live.start();
    return live;
  }

  /** The graph a fresh LIST of the server's current state gives, through the dump loader. */
  private String freshListGraph() throws Exception {
    JsonObject list = new JsonObject();
    list.addProperty("kind", "List");
    list.add("items", server.exportAll());
    ClusterStore fresh = new ClusterStore();
    new ClusterDumpLoader(new KubeProjection(new Interner())).load(
        new ByteArrayInputStream(list.toString().getBytes(StandardCharsets.UTF_8)), "fresh",
        fresh, System.currentTimeMillis());
    return GraphJson.of(fresh.snapshot()).toString();
  }

  private String liveGraph() {
    return GraphJson.of(store.snapshot()).toString();
  }

  static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + SYNC.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(20);
    }
  }

  private PodInfo pod(String name) {
    return store.read(i -> i.pod(new ObjectKey("demo", name)));
  }

  private List<ResolvedEndpoint> endpoints(String service) {
    return store.read(i -> i.endpointsOf(i.service(new ObjectKey("demo", service))));
  }

  @Test
  void syncsToTheSameGraphAsTheDumpOfTheSameObjects() throws Exception {
    connect(null, "t");
    assertTrue(live.awaitSynced(SYNC), () -> live.status().toString());
    ClusterStore fromDump = new ClusterStore();
    try (InputStream in = fixture("real-lab-1/cluster.yaml")) {
      new ClusterDumpLoader(new KubeProjection(new Interner())).load(in, "dump", fromDump, 0);
    }
    assertEquals(GraphJson.of(fromDump.snapshot()).toString(), liveGraph());
    SourceStatus s = live.status();
    assertEquals(Phase.SYNCED, s.phase());
    assertTrue(s.headline().contains("1 nodes, 5 pods, 11 services"), s.headline());
    assertTrue(server.requests().stream().anyMatch(r -> r.contains("watch=true")
        && r.contains("allowWatchBookmarks=true")), () -> server.requests().toString());
  }

  @Test
  void followsAddUpdateTerminatingAndDelete() throws Exception {
    connect(null, "t");
    assertTrue(live.awaitSynced(SYNC));
    JsonObject web4 = server.get("Pod", "demo", "web-1");
    JsonObject meta = web4.getAsJsonObject("metadata");
    meta.addProperty("name", "web-4");
    meta.remove("uid");
    JsonObject status = web4.getAsJsonObject("status");
    status.addProperty("phase", "Pending");
    status.remove("podIP");
    status.remove("podIPs");
    setReady(web4, false);
    server.apply(web4);
    eventually("web-4 pending", () -> pod("web-4") != null && pod("web-4").ip() == null);

    status.addProperty("phase", "Running");
    status.addProperty("podIP", "10.244.0.14");
    setReady(web4, true);
    server.apply(web4);
    eventually("web-4 ready with its IP", () -> pod("web-4").ready()
        && "10.244.0.14".equals(pod("web-4").ip()));
    long runningAt = System.currentTimeMillis();
    assertEquals("web-4", store.read(i -> i.podByIp("10.244.0.14", runningAt)).name());

    JsonObject slice = sliceOf("web");
    JsonObject ep = slice.getAsJsonArray("endpoints").get(0).getAsJsonObject().deepCopy();
    ep.add("addresses", array("10.244.0.14"));
    ep.getAsJsonObject("targetRef").addProperty("name", "web-4");
    slice.getAsJsonArray("endpoints").add(ep);
    server.apply(slice);
    eventually("web has 4 endpoints", () -> endpoints("web").size() == 4);

    // kubectl delete: the pod turns Terminating, its endpoint drains (serving, not ready).
    meta = web4.getAsJsonObject("metadata");
    meta.addProperty("deletionTimestamp", Instant.now().toString());
    meta.addProperty("deletionGracePeriodSeconds", 30);
    server.apply(web4);
    JsonObject conditions = ep.getAsJsonObject("conditions");
    conditions.addProperty("ready", false);
    conditions.addProperty("serving", true);
    conditions.addProperty("terminating", true);
    server.apply(slice);
    eventually("web-4 terminating", () -> pod("web-4").terminating());
    eventually("endpoint draining", () -> endpoints("web").stream()
        .anyMatch(e -> e.ip().equals("10.244.0.14") && e.terminating() && e.serving() && !e.ready()));

    server.delete("Pod", "demo", "web-4");
    eventually("web-4 gone", () -> pod("web-4") == null);
    long afterDelete = System.currentTimeMillis() + 1;
    assertNull(store.read(i -> i.podByIp("10.244.0.14", afterDelete)),
        "a deleted pod no longer owns its IP");
    assertEquals("web-4", store.read(i -> i.podByIp("10.244.0.14", runningAt)).name(),
        "but it did own it while it ran");
  }

  @Test
  void relistsAfter410AndMatchesAFreshList() throws Exception {
    server.maxWatchSeconds(1);
    connect(null, "t");
    assertTrue(live.awaitSynced(SYNC));
    // Changes the watch cache lost (compacted away): only a relist can bring them.
    server.unseen(() -> {
      server.delete("Pod", "demo", "web-3");
      JsonObject web5 = server.get("Pod", "demo", "web-2");
      web5.getAsJsonObject("metadata").addProperty("name", "web-5");
      web5.getAsJsonObject("metadata").remove("uid");
      web5.getAsJsonObject("status").addProperty("podIP", "10.244.0.15");
      server.apply(web5);
    });
    server.compact();
    eventually("web-3 gone and web-5 present after relist",
        () -> pod("web-3") == null && pod("web-5") != null);
    assertEquals(freshListGraph(), liveGraph());
    assertTrue(server.requests().stream().filter(r -> r.contains("/pods?") && !r.contains("watch"))
        .count() >= 2, "the pods were listed again");
    eventually("status says it relisted", () -> live.status().details().stream()
        .anyMatch(d -> d.startsWith("pods") && d.contains("after 410 Gone")));
    assertEquals(Phase.SYNCED, live.status().phase());
  }

  @Test
  void reconnectsAfterApiServerRestartAndResyncs() throws Exception {
    connect(null, "t");
    assertTrue(live.awaitSynced(SYNC));
    server.stop();
    eventually("reconnecting: connection refused", () -> live.status().phase() == Phase.RECONNECTING
        && live.status().headline().contains("connection refused"));
    // While it was down: a pod went away and a Service changed.
    server.unseen(() -> {
      server.delete("Pod", "demo", "web-2");
      JsonObject lb = server.get("Service", "demo", "web-lb");
      lb.getAsJsonObject("status").getAsJsonObject("loadBalancer").add("ingress", new JsonArray());
      server.apply(lb);
    });
    Thread.sleep(1500); // a few failed attempts
    server.restart();
    eventually("web-2 gone after resync", () -> pod("web-2") == null);
    eventually("synced again", () -> live.status().phase() == Phase.SYNCED);
    String fresh = freshListGraph();
    eventually("every informer resynced to a fresh LIST", () -> fresh.equals(liveGraph()));
    assertTrue(liveGraph().contains("LOAD_BALANCER_PENDING"));
  }

  @Test
  void pagesLargeListsAndSurvivesBookmarks() throws Exception {
    server.bookmarkEvery(100);
    JsonObject template = server.get("Pod", "demo", "web-1");
    for (int n = 0; n < 1200; n++) {
      JsonObject p = template.deepCopy();
      p.getAsJsonObject("metadata").addProperty("name", "bulk-" + n);
      p.getAsJsonObject("metadata").remove("uid");
      p.getAsJsonObject("status").addProperty("podIP", "10.245." + (n / 250) + "." + (n % 250 + 1));
      server.apply(p);
    }
    connect(null, "t");
    assertTrue(live.awaitSynced(SYNC));
    assertEquals(1205, (int) store.read(i -> i.pods().size()));
    assertTrue(server.requests().stream().anyMatch(r -> r.contains("/pods?") && r.contains("continue=")),
        "the pod list was paged");
    int listsBefore = podLists();
    Thread.sleep(700); // several bookmarks pass
    server.delete("Pod", "demo", "bulk-7");
    eventually("a change after bookmarks arrives", () -> pod("bulk-7") == null);
    assertEquals(listsBefore, podLists(), "bookmarks are read, not a reason to relist");
  }

  @Test
  void namespaceScopeWatchesOneNamespace() throws Exception {
    connect("kube-system", "t");
    assertTrue(live.awaitSynced(SYNC));
    assertEquals(List.of("coredns-1"), store.read(i -> i.pods().stream().map(PodInfo::name).toList()));
    assertTrue(server.requests().stream().anyMatch(r -> r.startsWith("GET /api/v1/namespaces/kube-system/pods")));
  }

  @Test
  void wrongTokenFailsWithAPlainMessage() throws Exception {
    server.requireToken("right");
    connect(null, "wrong");
    assertFalse(live.awaitSynced(SYNC));
    SourceStatus s = live.status();
    assertEquals(Phase.FAILED, s.phase());
    assertTrue(s.headline().contains("rejected the credentials (401 Unauthorized)"), s.headline());
  }

  @Test
  void forbiddenRequiredResourceNamesTheMissingVerbs() throws Exception {
    server.forbid("endpointslices");
    connect(null, "t");
    assertFalse(live.awaitSynced(SYNC));
    assertEquals("forbidden: the kubeconfig user may not list,watch endpointslices.discovery.k8s.io"
        + " (all namespaces)", live.status().headline());
  }

  @Test
  void forbiddenNodesStillDrawsTheRest() throws Exception {
    server.forbid("nodes");
    connect(null, "t");
    assertTrue(live.awaitSynced(SYNC));
    assertTrue(live.status().details().contains("missing permission: list,watch nodes (cluster-wide)"),
        () -> live.status().details().toString());
    assertEquals(5, (int) store.read(i -> i.pods().size()));
    assertEquals(0, (int) store.read(i -> i.nodes().size()));
  }

  @Test
  void unreachableServerSaysSo() throws Exception {
    String url = server.url();
    server.close();
    connect(null, "t");
    assertFalse(live.awaitSynced(SYNC));
    assertEquals("cannot reach the API server at " + url + ": connection refused",
        live.status().headline());
  }

  private int podLists() {
    return (int) server.requests().stream()
        .filter(r -> r.startsWith("GET /api/v1/pods?") && !r.contains("watch=")).count();
  }

  private JsonObject sliceOf(String service) {
    for (var e : server.exportAll()) {
      JsonObject o = e.getAsJsonObject();
      JsonObject labels = o.getAsJsonObject("metadata").getAsJsonObject("labels");
      if ("EndpointSlice".equals(o.get("kind").getAsString()) && labels != null
          && service.equals(labels.get("kubernetes.io/service-name").getAsString())) {
        return o;
      }
    }
    throw new AssertionError("no slice for " + service);
  }

  private static JsonArray array(String... values) {
    JsonArray a = new JsonArray();
    for (String v : values) {
      a.add(v);
    }
    return a;
  }

  private static void setReady(JsonObject pod, boolean ready) {
    for (var c : pod.getAsJsonObject("status").getAsJsonArray("conditions")) {
      JsonObject cond = c.getAsJsonObject();
      if (cond.get("type").getAsString().equals("Ready")) {
        cond.addProperty("status", ready ? "True" : "False");
      }
    }
  }
}
