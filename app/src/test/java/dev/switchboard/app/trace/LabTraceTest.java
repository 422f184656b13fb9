package dev.switchboard.app.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.Interner;
import dev.switchboard.app.cluster.kube.ClusterDumpLoader;
import dev.switchboard.app.cluster.kube.KubeProjection;
import dev.switchboard.app.link.LinkStatus;
import dev.switchboard.app.link.SidecarLink;
import dev.switchboard.app.session.SessionReader;
import dev.switchboard.app.session.SessionRecorder;
import dev.switchboard.app.session.SessionReplay;
import dev.switchboard.capture.lab.Lab;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes, two sidecars, one trace per connection: the network lab (namespaces, veths, dnsmasq,
 * HTTP servers, the real kube-proxy on both nodes writing iptables rules from the real API
 * server's objects), a real sidecar capturing on each node, the app's links and correlator, and
 * the lab described by that API server's objects (its LIST, as a cluster dump). Requests that
 * node1 translates to web-3 on node2 are seen by both sidecars and must come out as one trace
 * naming both nodes; every trace must match the ground truth the lab's client printed. The run is
 * recorded as a session too, and replaying it must give the very traces the live run gave. Needs
 * root and the kit (../shared/k8s); skips, saying why, without them.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LabTraceTest {
  static final Lab LAB = new Lab(Path.of("..", "capture", "lab", "lab.sh"),
      Path.of("target", "lab-state"));
  static final Path LAB_DIR = LAB.state();
  static final Map<String, String> NODE_OF = Map.of("web-1", "node1", "web-2", "node1",
      "web-3", "node2");
  static final Map<String, String> SERVICE_OF = Map.of("web", "web",
      "web.demo.svc.cluster.local", "web", "10.96.10.10", "web", "web-sticky", "web-sticky",
      "broken", "broken", "orphan", "orphan", "blackhole", "blackhole", "10.250.1.1", "web-np");

  private final List<Process> sidecars = new ArrayList<>();
  private final List<SidecarLink> links = new ArrayList<>();
  private final List<ConnectionTrace> traces = new CopyOnWriteArrayList<>();
  private final List<LinkStatus> statuses = new CopyOnWriteArrayList<>();

  @AfterEach
  void tearDown() throws Exception {
    links.forEach(SidecarLink::close);
    for (Process p : sidecars) {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    if ("root".equals(System.getProperty("user.name"))) {
      LAB.lab("down");
    }
  }

  private URI startSidecar(String node, String address) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder("ip", "netns", "exec", "sb-" + node, java, "-cp",
        System.getProperty("java.class.path"), "dev.switchboard.capture.sidecar.SidecarMain",
        "--node", node, "--listen", address + ":7443", "--token-file",
        LAB_DIR.resolve("token").toString(), "--syn-timeout", "3")
        .redirectErrorStream(true).redirectOutput(LAB_DIR.resolve(node + "-sidecar.log").toFile())
        .start();
    sidecars.add(p);
    return URI.create("http://" + address + ":7443");
  }

  private boolean streaming(String node) {
    return statuses.stream().anyMatch(s -> s.state() == LinkStatus.LinkState.STREAMING
        && node.equals(s.node()));
  }

  @Test
  void oneTracePerConnectionAcrossBothNodes() throws Exception {
    LAB.assume("iptables");
    LAB.lab("up", "iptables");
    ClusterStore store = new ClusterStore();
    try (InputStream in = Files.newInputStream(LAB_DIR.resolve("cluster.json"))) {
      new ClusterDumpLoader(new KubeProjection(new Interner())).load(in, "lab", store, 0);
    }
    String token = Files.readString(LAB_DIR.resolve("token")).strip();
    Correlator correlator = new Correlator(ClusterLookups.of(store), 1_000_000_000L, traces::add);
    CorrelationLoop loop = new CorrelationLoop(65_536, correlator);
    Path session = LAB_DIR.resolve("lab.sbsession");
    SessionRecorder recorder = SessionRecorder.start(session, "switchboard test", "lab",
        List.of("sidecar node1", "sidecar node2"), true);
    recorder.recordCluster(store);
    for (URI uri : List.of(startSidecar("node1", "10.250.9.2"),
        startSidecar("node2", "10.250.9.6"))) {
      SidecarLink link = new SidecarLink(uri, token, recorder.intake(loop),
          recorder.links(statuses::add));
      links.add(link);
      link.start();
    }
    Thread correlation = new Thread(() -> {
      try {
        loop.runFor(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "correlation");
    correlation.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!(streaming("node1") && streaming("node2")) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(streaming("node1") && streaming("node2"), () -> "both sidecars stream: "
        + statuses);
    Thread.sleep(500);

    List<Lab.Truth> truth = Lab.parse(LAB.lab("traffic", "2"));
    assertEquals(16, truth.size());
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (traces.size() < truth.size() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    loop.stop();
    correlation.join(10_000);
    links.forEach(SidecarLink::close);
    recorder.close("test over");

    Set<String> used = new HashSet<>();
    int crossNode = 0;
    for (Lab.Truth t : truth) {
      ConnectionTrace trace = traces.stream()
          .filter(x -> x.client().ip().equals(t.client()) && x.startedAtNanos() >= t.startNanos()
              && !used.contains(x.id()))
          .min(Comparator.comparingLong(ConnectionTrace::startedAtNanos))
          .orElseThrow(() -> new AssertionError("no trace for " + t + " in " + traces));
      used.add(trace.id());
      String what = t + " → " + trace;
      assertEquals(SERVICE_OF.get(t.host()), trace.service().name(), what);
      assertEquals(Evidence.OBSERVED, trace.service().evidence(), what);
      if (!t.host().matches("[0-9.]+")) {
        assertNotNull(trace.dns(), what);
        assertEquals(t.host().contains(".") ? t.host() : t.host() + ".demo.svc.cluster.local",
            trace.dns().name(), what);
      } else {
        assertNull(trace.dns(), what);
      }
      // curl says "refused" for kube-proxy's REJECT too (ICMP port unreachable); the wire knows
      String result = t.host().equals("orphan") ? "rejected" : t.result();
      switch (result) {
        case "refused" -> {
          assertEquals("refused", trace.outcome(), what);
          assertEquals(9999, trace.backend().target().port(), what);
        }
        case "timeout" -> {
          assertEquals("timed_out", trace.outcome(), what);
          assertEquals("ghost", trace.backend().target().podName(), what);
          assertEquals(List.of("node1", "node2"), trace.nodes(),
              "node2 saw the SYN arrive for the blackholed pod: " + what);
        }
        case "rejected" -> {
          assertEquals("rejected", trace.outcome(), what);
          assertEquals(Evidence.OBSERVED, trace.decision().evidence(), what);
          assertTrue(trace.decision().why().contains("REJECT"), what);
          assertNull(trace.backend().target(), what);
        }
        default -> {
          assertEquals("closed", trace.outcome(), what);
          assertEquals(t.result(), trace.backend().target().podName(), what);
          assertEquals(NODE_OF.get(t.result()), trace.backend().target().node(), what);
          assertEquals(Evidence.OBSERVED, trace.decision().evidence(), what);
          if (t.result().equals("web-3")) {
            crossNode++;
            assertEquals(List.of("node1", "node2"), trace.nodes(), "one trace, both nodes: "
                + what);
          } else {
            assertEquals(List.of("node1"), trace.nodes(), what);
          }
        }
      }
      if (t.client().equals("10.250.1.2")) {
        assertEquals(30080, trace.nodePort(), what);
        assertNotNull(trace.snat(), "NodePort from outside is SNATed: " + what);
      }
    }
    System.out.printf("lab: %d requests, %d traces, %d of them seen on both nodes; %s%n",
        truth.size(), traces.size(), traces.stream().filter(x -> x.nodes().size() == 2).count(),
        correlator.stats().snapshot());
    traces.forEach(x -> System.out.println(dev.switchboard.app.cli.TraceJson.of(x)));
    assertEquals(truth.size(), traces.size(), () -> "no extra traces: " + traces);
    assertTrue(crossNode > 0 || truth.stream().noneMatch(t -> t.result().equals("web-3")));
    assertEquals(0L, correlator.stats().snapshot().getOrDefault("late", 0L));
    assertEquals(json(traces), json(replay(session)), "the session replays to the live traces");
  }

  private static List<ConnectionTrace> replay(Path session) throws Exception {
    List<ConnectionTrace> replayed = new ArrayList<>();
    ClusterStore store = new ClusterStore();
    try (InputStream in = Files.newInputStream(session)) {
      SessionReplay.Summary s = SessionReplay.run(new SessionReader(in), store,
          new Correlator(ClusterLookups.of(store), 1_000_000_000L, replayed::add));
      assertNull(s.damage());
      assertTrue(s.ended());
    }
    return replayed;
  }

  private static List<String> json(List<ConnectionTrace> traces) {
    return traces.stream().map(t -> dev.switchboard.app.cli.TraceJson.of(t).toString()).sorted()
        .toList();
  }
}
