package dev.switchboard.app.link.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.switchboard.app.cli.Cli;
import dev.switchboard.app.cluster.kube.KubeClients;
import dev.switchboard.app.cluster.kube.KubeconfigResolver;
import dev.switchboard.app.kit.KitAdmin;
import dev.switchboard.app.kit.KitDemo;
import dev.switchboard.app.kit.KitSidecars;
import dev.switchboard.app.kit.KubeKit;
import dev.switchboard.app.link.CollectingIntake;
import dev.switchboard.app.link.LinkStatus;
import dev.switchboard.app.link.LinkStatus.LinkState;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Hello;
import dev.switchboard.capture.event.Lost;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1Pod;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real node of {@code ../shared/k8s} (kubelet + containerd + kube-proxy in a
 * network namespace): `install` puts the DaemonSet with the image built by
 * capture/deploy/image/build-image.sh on it; `trace`, with a person's kubeconfig that has only
 * the documented RBAC, finds the sidecar, reaches it through an API-server port-forward with the
 * token from the Secret, and traces real pods' connections (a DNS lookup through kube-dns's VIP,
 * the Service, kube-proxy's choice), checked against what each HTTP answer says; `uninstall` leaves nothing. Skipped, with the reason, without the kit, root, the built
 * jar or debootstrap.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SidecarDiscoveryTest {
  private static final String NODE = KitSidecars.NODE;
  private static final String VIP = "10.96.62.80";
  private static final String DEMO = "sbd-demo";
  private static final String SIDECARS = DiscoveredSidecars.DEFAULT_NAMESPACE;
  private static final int REQUESTS = 80;
  private static final String NAME = "web." + DEMO + ".svc.cluster.local";

  @TempDir static Path tmp;
  private static KubeKit kit;
  private static KitAdmin admin;
  private static Process dns;

  @BeforeAll
  static void node() throws Exception {
    kit = KitSidecars.node();
    admin = new KitAdmin(kit);
  }

  @AfterAll
  static void cleanUp() throws Exception {
    if (dns != null) {
      dns.destroy();
      KitDemo.removeDns(admin);
    }
    if (admin != null) {
      admin.deleteNamespace(DEMO);
    }
  }

  private static int cli(PrintStream out, PrintStream err, String... argv) {
    return Cli.run(List.of(argv), Map.of(), out, err);
  }

  private static void eventually(Duration limit, String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for: "
            + what);
      }
      Thread.sleep(100);
    }
  }

  private static List<V1Pod> sidecarPods() {
    try {
      return admin.core().listNamespacedPod(SIDECARS).labelSelector(SidecarPodWatch.LABEL)
          .execute().getItems();
    } catch (ApiException e) {
      return List.of();
    }
  }

  private static boolean sidecarRunning() {
    return sidecarPods().stream().anyMatch(p -> NODE.equals(p.getSpec().getNodeName())
        && SidecarPod.of(p).running() && p.getMetadata().getDeletionTimestamp() == null);
  }

  @Test
  @Order(1)
  void installRunsTheSidecarWithOnlyNetRawAndNetAdmin() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, cli(new PrintStream(out, true), System.err, "install", "--kubeconfig",
        kit.kubeconfig().toString()));
    assertTrue(out.toString().contains("applied DaemonSet switchboard-system/switchboard-sidecar")
        && out.toString().contains("created Secret switchboard-system/switchboard-sidecar-token"),
        out.toString());
    KitSidecars.offFakeNodes(admin);
    eventually(Duration.ofMinutes(3), "the sidecar running on " + NODE,
        SidecarDiscoveryTest::sidecarRunning);
    V1Pod pod = sidecarPods().stream().filter(p -> NODE.equals(p.getSpec().getNodeName()))
        .findFirst().orElseThrow();
    V1Container c = pod.getSpec().getContainers().get(0);
    assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop());
    assertEquals(List.of("NET_RAW", "NET_ADMIN"),
        c.getSecurityContext().getCapabilities().getAdd());
    assertFalse(c.getSecurityContext().getPrivileged());
    assertFalse(pod.getSpec().getAutomountServiceAccountToken());

    ByteArrayOutputStream again = new ByteArrayOutputStream();
    assertEquals(0, cli(new PrintStream(again, true), System.err, "install", "--kubeconfig",
        kit.kubeconfig().toString()));
    assertTrue(again.toString().contains("kept Secret"), "a second install keeps the token");
  }

  @Test
  @Order(2)
  void tracesEveryConnectionThroughAPortForwardWithTheDocumentedRights() throws Exception {
    KitDemo.webBehind(admin, DEMO, 3, VIP);
    dns = KitDemo.dns(admin, NODE, KitSidecars.NODE_IP, Map.of(NAME, VIP));
    eventually(Duration.ofMinutes(2), "3 web pods ready", () -> readyWebPods().size() == 3);
    Map<String, String> ipOf = new java.util.HashMap<>();
    readyWebPods().forEach(p -> ipOf.put(p.getMetadata().getName(), p.getStatus().getPodIP()));

    // Alice is in group switchboard-users: capture/deploy/20-user-rbac.yaml's rights, no more.
    Path alice = kit.kubeconfigForUser(tmp, "alice", "switchboard-users");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int[] exit = {-1};
    Thread trace = new Thread(() -> exit[0] = cli(new PrintStream(out, true),
        new PrintStream(err, true), "trace", "--kubeconfig", alice.toString(), "--duration",
        "10m"), "test-trace");
    trace.start();
    eventually(Duration.ofSeconds(90), "trace streaming from the node's sidecar",
        () -> err.toString().contains("streaming from node " + NODE));

    // busybox's wget does not walk the search path, so the client names the Service in full
    KitDemo.client(admin, DEMO, "for i in $(seq 1 " + REQUESTS + "); do echo \"$i $(timeout"
        + " 3 wget -qO- http://" + NAME + "/)\"; sleep 0.25; done");
    eventually(Duration.ofMinutes(2), "the client's first 20 answers",
        () -> answers().size() >= 20);
    String first = answers().get(0);
    assertTrue(ipOf.containsKey(first), "the first answer names a web pod: " + first);
    admin.core().deleteNamespacedPod(first, DEMO).execute();
    eventually(Duration.ofMinutes(3), "the client done", () -> "Succeeded".equals(phase()));
    List<String> answers = answers();
    assertEquals(REQUESTS, answers.size(), "one line per request");

    Thread.sleep(3000); // the correlator's hold, and the last closes
    trace.interrupt();
    trace.join(60_000);
    assertFalse(trace.isAlive(), "trace ends when interrupted");
    assertEquals(0, exit[0], err::toString);

    List<JsonObject> traces = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      if (line.startsWith("{")) {
        JsonObject t = JsonParser.parseString(line).getAsJsonObject();
        if (t.has("vip") && VIP.equals(t.getAsJsonObject("vip").get("ip").getAsString())) {
          traces.add(t);
        }
      }
    }
    traces.sort(Comparator.comparing(t -> t.get("startedAt").getAsString()));
    Files.writeString(KubeKit.repo().resolve("app/target/discovery-traces.jsonl"), out.toString());
    assertEquals(REQUESTS, traces.size(), () -> "one trace per request to " + VIP + "\n" + err);
    Set<String> replacements = new HashSet<>();
    int betweenReadings = 0;
    int readAfter = 0;
    for (int i = 0; i < REQUESTS; i++) {
      JsonObject t = traces.get(i);
      JsonObject backend = t.getAsJsonObject("backend");
      String answered = answers.get(i);
      String traced = backend.has("pod") ? backend.get("pod").getAsString() : null;
      if (answered.isEmpty()) {
        assertNotEquals("closed", t.get("outcome").getAsString(),
            "request " + (i + 1) + " got no answer, its trace must not say it worked: " + t);
        continue;
      }
      assertEquals(answered, traced, "request " + (i + 1) + ": " + t);
      assertTrue(t.has("dns") && NAME.equals(t.getAsJsonObject("dns").get("name").getAsString())
          && t.getAsJsonObject("dns").get("answer").toString().contains(VIP),
          "request " + (i + 1) + " looked the name up, through kube-dns's VIP: " + t);
      assertEquals("closed", t.get("outcome").getAsString(), t.toString());
      // The sidecar reads kube-proxy's rules every 5 s, and at once when a connection reaches
      // a backend its last reading lacked: right after the Service or the replacement appeared,
      // the rule comes from that next reading (inferred), or, when none came in time, is
      // unknown; the trace says which and why.
      JsonObject decision = t.getAsJsonObject("decision");
      String evidence = decision.get("evidence").getAsString();
      String why = decision.get("why").getAsString();
      if ("inferred".equals(evidence)) {
        assertTrue(why.contains("after the connection: the reading before did not list this"
            + " backend yet"), t.toString());
        readAfter++;
      } else if (!"observed".equals(evidence)) {
        assertEquals("unknown", evidence, t.toString());
        assertTrue(why.contains("kube-proxy changed them between the sidecar's readings")
            || why.contains("kube-proxy rules have no entry for " + VIP), t.toString());
        betweenReadings++;
      }
      assertEquals(DEMO, t.getAsJsonObject("service").get("namespace").getAsString());
      if (!ipOf.containsKey(answered)) {
        replacements.add(answered);
        assertNotEquals(ipOf.get(first), backend.get("ip").getAsString(),
            "the replacement has an IP of its own");
      }
    }
    System.out.printf("%d requests traced to the pod that answered; %d explained by a reading"
        + " made on seeing their backend, %d reached a backend between two readings of the"
        + " rules%n", REQUESTS, readAfter, betweenReadings);
    assertTrue(answers.subList(0, 20).contains(first), "the deleted pod answered before");
    assertFalse(answers.subList(answers.lastIndexOf(first) + 1, REQUESTS).contains(first));
    assertEquals(1, replacements.size(), () -> "the ReplicaSet's new pod answered after the"
        + " delete: " + answers);
  }

  private static List<V1Pod> readyWebPods() {
    try {
      return admin.core().listNamespacedPod(DEMO).labelSelector("app=web").execute().getItems()
          .stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null
              && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
              .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
          .toList();
    } catch (ApiException e) {
      return List.of();
    }
  }

  private static String phase() {
    try {
      return admin.core().readNamespacedPod("client", DEMO).execute().getStatus().getPhase();
    } catch (ApiException e) {
      return null;
    }
  }

  /** What each of the client's requests was answered: the answering pod's name, or "". */
  private static List<String> answers() {
    List<String> out = new ArrayList<>();
    for (String line : KitDemo.clientLog(admin, DEMO).split("\n")) {
      String[] parts = line.trim().split(" ", 2);
      if (parts.length >= 1 && parts[0].matches("\\d+")) {
        out.add(parts.length == 2 ? parts[1].trim() : "");
      }
    }
    return out;
  }

  @Test
  @Order(3)
  void aUserWithoutTheSidecarRightsIsToldWhatIsMissingInOneLine() throws Exception {
    // Bob may read the cluster (the viewer ClusterRole) but is not in switchboard-users.
    Path bob = kit.kubeconfigForUser(tmp, "bob", "elsewhere");
    KitDemo.viewerOnly(admin, "sbd-bob-viewer", "bob");
    try {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit = cli(new PrintStream(java.io.OutputStream.nullOutputStream()),
          new PrintStream(err, true),
          "trace", "--kubeconfig", bob.toString(), "--duration", "5s");
      assertTrue(err.toString().contains("switchboard: forbidden: may not create"
          + " pods/portforward in switchboard-system; may not get"
          + " secrets/switchboard-sidecar-token in switchboard-system; retrying in 30 s"),
          err.toString());
      assertEquals(1, exit, "nothing was streamed");
    } finally {
      new io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api(admin.client())
          .deleteClusterRoleBinding("sbd-bob-viewer").execute();
    }
  }

  @Test
  @Order(4)
  void aSidecarPodKilledIsFollowedToItsReplacementWithTheGapReportedAndANewToken()
      throws Exception {
    List<LinkStatus> statuses = new CopyOnWriteArrayList<>();
    List<Event> events = Collections.synchronizedList(new ArrayList<>());
    var target = new KubeconfigResolver(Map.of()).resolve(kit.kubeconfig(), null);
    DiscoveredSidecars sidecars = new DiscoveredSidecars(() -> KubeClients.forTarget(target),
        target.server(), SIDECARS, new CollectingIntake(events), statuses::add, true, false);
    sidecars.start();
    try {
      eventually(Duration.ofSeconds(60), "streaming", () -> hellos(events) == 1);
      // the token rotated (as a reinstall does): the replacement sidecar starts with the new one
      // and the app, which read the old one, must pick it up without a restart
      admin.core().deleteNamespacedSecret(SidecarAccess.SECRET, SIDECARS).execute();
      admin.create("""
          apiVersion: v1
          kind: Secret
          metadata: {name: %s, namespace: %s}
          stringData: {token: rotated-0123456789abcdef0123456789}
          """.formatted(SidecarAccess.SECRET, SIDECARS));
      String old = sidecarPods().get(0).getMetadata().getName();
      admin.core().deleteNamespacedPod(old, SIDECARS).execute();
      long deleted = System.nanoTime();
      eventually(Duration.ofSeconds(20), "the link to " + old + " closed", () -> statuses.stream()
          .anyMatch(s -> s.state() == LinkState.CLOSED && s.message().startsWith("sidecar pod "
              + old)));
      System.out.printf("sidecar pod deleted → its link shown closed in %.2f s%n",
          (System.nanoTime() - deleted) / 1e9);
      eventually(Duration.ofMinutes(2), "the DaemonSet's new pod streaming, with the new token",
          () -> hellos(events) == 2);
      boolean replacedReported;
      synchronized (events) { // the new sidecar's link is still adding to it
        replacedReported = events.stream().anyMatch(e -> e instanceof Lost l
            && l.reason().equals("sidecar_replaced") && l.node().equals(NODE));
      }
      assertTrue(replacedReported, "the replaced sidecar's gap is a reported loss");
    } finally {
      sidecars.close();
    }
  }

  private static long hellos(List<Event> events) {
    synchronized (events) {
      return events.stream().filter(e -> e instanceof Hello).count();
    }
  }

  @Test
  @Order(5)
  void uninstallLeavesNothingBehind() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, cli(new PrintStream(out, true), System.err, "uninstall", "--kubeconfig",
        kit.kubeconfig().toString()), out.toString());
    assertTrue(out.toString().contains("nothing of Switchboard is left"), out.toString());
    for (String path : List.of("/api/v1/namespaces/" + SIDECARS,
        "/apis/rbac.authorization.k8s.io/v1/clusterroles/switchboard-viewer",
        "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/switchboard-viewer")) {
      try {
        admin.get(path);
        throw new AssertionError(path + " is still there");
      } catch (java.io.IOException e) {
        assertTrue(e.getMessage().contains("answered 404"), e.getMessage());
      }
    }
    assertEquals(0, admin.get("/api/v1/pods?labelSelector=app.kubernetes.io/part-of%3Dswitchboard")
        .getAsJsonArray("items").size());
    String containers = kit.run(Duration.ofSeconds(30), "cri", NODE, "ps");
    assertFalse(containers.contains("sidecar"), containers);
  }
}
