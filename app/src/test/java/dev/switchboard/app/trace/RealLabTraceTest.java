package dev.switchboard.app.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.Interner;
import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.kube.ClusterDumpLoader;
import dev.switchboard.app.cluster.kube.KubeProjection;
import dev.switchboard.capture.FlowObserver;
import dev.switchboard.capture.PcapReplay;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Hello;
import dev.switchboard.capture.event.Rules;
import dev.switchboard.capture.kubeproxy.IptablesRules;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The correlator on fixtures/real-lab-1: a real node's capture, the rules its real kube-proxy
 * wrote and the real API server's objects, checked against each request's ground truth.
 */
class RealLabTraceTest {
  private static final Pattern LINE = Pattern.compile(
      "(\\d+)\\.(\\d+) (client-1|ext 10\\.250\\.1\\.2) http://([^/:]+)(?::(\\d+))?/ .*-> (\\S+).*");
  private static final Map<String, String> SERVICE_OF = Map.of("web", "web",
      "web.demo.svc.cluster.local", "web", "10.96.140.99", "web", "10.96.114.90", "web-sticky",
      "10.250.1.1", "web-np", "broken", "broken");

  record Request(long nanos, String client, String host, int port, String result) {}

  static List<Event> events;
  static Rules rules;
  static List<Request> requests;

  static InputStream fixture(String name) {
    return RealLabTraceTest.class.getResourceAsStream("/fixtures/real-lab-1/" + name);
  }

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = fixture("node1.pcap")) {
      events = PcapReplay.replay(in, "node1", FlowObserver.Settings.DEFAULT).events();
    }
    try (InputStream in = fixture("node1-iptables-save.txt")) {
      rules = new Rules(events.get(0).timestampNanos() - 1, "node1", "iptables",
          IptablesRules.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
    requests = new ArrayList<>();
    try (BufferedReader br = new BufferedReader(new InputStreamReader(fixture("requests.txt"),
        StandardCharsets.UTF_8))) {
      for (String line = br.readLine(); line != null; line = br.readLine()) {
        Matcher m = LINE.matcher(line);
        assertTrue(m.matches(), line);
        long nanos = Long.parseLong(m.group(1)) * 1_000_000_000L
            + Long.parseLong((m.group(2) + "000000000").substring(0, 9));
        requests.add(new Request(nanos, m.group(3).equals("client-1") ? "10.244.0.21"
            : "10.250.1.2", m.group(4), m.group(5) == null ? 80 : Integer.parseInt(m.group(5)),
            m.group(6)));
      }
    }
  }

  static ClusterStore cluster() throws Exception {
    ClusterStore store = new ClusterStore();
    try (InputStream in = fixture("cluster.yaml")) {
      new ClusterDumpLoader(new KubeProjection(new Interner())).load(in, "cluster.yaml", store, 0);
    }
    return store;
  }

  static List<ConnectionTrace> correlate(ClusterStore store, Correlator[] keep) {
    List<ConnectionTrace> traces = new ArrayList<>();
    Correlator c = new Correlator(ClusterLookups.of(store), 1_000_000_000L, traces::add);
    long t0 = rules.timestampNanos();
    c.accept(new Hello(t0, "node1", Hello.VERSION, List.of("any"), "", 256, "iptables", null,
        false));
    c.accept(rules);
    events.forEach(c::accept);
    c.flush();
    if (keep != null) {
      keep[0] = c;
    }
    return traces;
  }

  /**
   * requests.txt logs a request when it has finished, each client one request at a time: its
   * trace is that client's last one to start before the log line.
   */
  static ConnectionTrace traceOf(List<ConnectionTrace> traces, Request r) {
    return traces.stream()
        .filter(t -> t.client().ip().equals(r.client()) && t.startedAtNanos() <= r.nanos()
            && t.startedAtNanos() > r.nanos() - 50_000_000L)
        .max(java.util.Comparator.comparingLong(ConnectionTrace::startedAtNanos))
        .orElseThrow(() -> new AssertionError("no trace for " + r));
  }

  @Test
  void everyRequestIsOneTraceThatMatchesItsGroundTruth() throws Exception {
    Correlator[] c = new Correlator[1];
    List<ConnectionTrace> traces = correlate(cluster(), c);
    assertEquals(requests.size(), traces.size(), "one trace per request, nothing else");
    int stickyRepeats = 0;
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (Request r : requests) {
      ConnectionTrace t = traceOf(traces, r);
      assertTrue(ids.add(t.id()), "each request its own trace: " + r);
      String what = r + " → " + t;
      boolean byName = !r.host().matches("[0-9.]+");
      if (byName) {
        assertNotNull(t.dns(), what);
        assertEquals(Evidence.OBSERVED, t.dns().evidence());
        assertEquals(r.host().endsWith(".local") ? r.host() : r.host() + ".demo.svc.cluster.local",
            t.dns().name(), what);
        assertEquals(List.of(t.dialled().ip()), t.dns().answers());
        assertEquals("10.244.0.53:53", t.dns().answeredBy());
        assertTrue(t.dns().latencyNanos() > 0);
      } else {
        assertNull(t.dns(), "an IP was dialled: no lookup belongs to it; " + what);
      }
      ServiceStage svc = t.service();
      assertNotNull(svc, what);
      assertEquals("demo", svc.namespace());
      assertEquals(SERVICE_OF.get(r.host()), svc.name(), what);
      assertEquals(80, svc.port(), what);
      assertEquals(Evidence.OBSERVED, svc.evidence(), "named by the node's rules: " + what);
      assertEquals("iptables", t.decision().mode());
      assertEquals(Evidence.OBSERVED, t.decision().evidence(), what);
      assertTrue(t.decision().rule().contains("-j KUBE-SEP-"), "the rule row itself: " + what);
      assertEquals(Evidence.OBSERVED, t.backend().evidence());
      assertEquals("capture", t.backend().source());
      assertEquals("demo", t.backend().target().podNamespace());
      if (r.result().equals("refused")) {
        assertEquals("refused", t.outcome(), what);
        assertEquals(9999, t.backend().target().port(), "broken's targetPort: " + what);
        assertEquals(-1, t.handshakeNanos());
      } else {
        assertEquals("closed", t.outcome(), what);
        assertEquals(r.result(), t.backend().target().podName(), what);
        assertEquals(8080, t.backend().target().port());
        assertTrue(t.handshakeNanos() > 0 && t.durationNanos() >= t.handshakeNanos());
      }
      if (r.client().equals("10.250.1.2")) {
        assertNull(t.client().podName(), "an outside client is no pod");
        assertEquals("nodePort", svc.via());
        assertEquals(30080, t.nodePort());
        assertEquals("169.254.1.1", t.snat().ip(), "NodePort traffic is SNATed: " + what);
      } else {
        assertEquals("client-1", t.client().podName());
        assertEquals("clusterIP", svc.via());
        assertEquals(0, t.nodePort());
        assertNull(t.snat());
      }
      if (svc.name().equals("web-sticky")) {
        assertEquals(300, t.decision().affinitySeconds());
        if (t.decision().why().contains("sent it there again")) {
          stickyRepeats++;
        }
      } else if (!svc.name().equals("broken")) {
        assertEquals(1.0 / 3, t.decision().probability(), 1e-3, "three backends: " + what);
        assertEquals(3, t.decision().candidates());
      }
    }
    assertEquals(2, stickyRepeats, "the 2nd and 3rd web-sticky requests reuse the first backend");
    Map<String, Long> stats = c[0].stats().snapshot();
    assertEquals(0L, stats.get("openNotSeen"));
    assertEquals(0L, stats.get("late"));
    assertEquals(0L, stats.get("unfinished"));
    assertEquals(18L, stats.get("traces"));
  }

  @Test
  void aReusedIpNamesThePodThatOwnedItThen() throws Exception {
    ClusterStore store = cluster();
    PodInfo web1 = store.read(ix -> ix.pod(new ObjectKey("demo", "web-1")));
    Request first = requests.get(0);
    Request ninth = requests.get(8);
    assertEquals("web-1", first.result());
    assertEquals("web-1", ninth.result());
    long gone = (first.nanos() + ninth.nanos()) / 2 / 1_000_000L;
    store.removePod(web1.key(), gone);
    store.putPod(new PodInfo("demo", "web-1b", "uid-web-1b", web1.ip(), web1.ips(),
        web1.nodeName(), web1.phase(), true, false, false, web1.labels(), web1.ports(), gone + 1,
        web1.workload()),
        gone + 1);
    List<ConnectionTrace> traces = correlate(store, null);
    assertEquals("web-1", traceOf(traces, first).backend().target().podName(),
        "before the pod went away its IP was its own");
    assertEquals("web-1b", traceOf(traces, ninth).backend().target().podName(),
        "after, the same IP belongs to the pod that took it over");
  }
}
