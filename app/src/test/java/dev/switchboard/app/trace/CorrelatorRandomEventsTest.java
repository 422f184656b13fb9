package dev.switchboard.app.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.capture.event.ConnectionClosed;
import dev.switchboard.capture.event.ConnectionOpened;
import dev.switchboard.capture.event.DnsAttempt;
import dev.switchboard.capture.event.DnsLookup;
import dev.switchboard.capture.event.Endpoint;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Hello;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.event.Rules;
import dev.switchboard.capture.event.Translated;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Well-formed but senseless streams — events of every type in any order, closes without opens,
 * translations to nowhere, the same ids on several nodes, times going backwards, rules changing
 * — against the real-lab-1 cluster and rules: the correlator must never throw, never emit a
 * connection twice, and keep its counters consistent. Seeded, so a failure replays.
 */
class CorrelatorRandomEventsTest {
  private static final String[] IPS = {"10.244.0.11", "10.244.0.12", "10.244.0.21", "10.96.140.99",
      "10.96.61.171", "10.250.1.1", "10.250.1.2", "169.254.1.1", "203.0.113.7", "::1",
      "fd00::5", "not-an-ip", ""};
  private static final String[] NODES = {"node1", "node2", "node3"};
  private static final String[] OUTCOMES = {"closed", "reset", "refused", "rejected", "timed_out",
      "evicted", "weird"};

  @Test
  void senselessStreamsNeverBreakIt() throws Exception {
    RealLabTraceTest.load();
    ClusterStore store = RealLabTraceTest.cluster();
    for (long seed = 1; seed <= 5; seed++) {
      Random r = new Random(seed);
      List<ConnectionTrace> traces = new ArrayList<>();
      Correlator c = new Correlator(ClusterLookups.of(store), 50_000_000L, traces::add);
      List<ConnectionTrace> previews = new ArrayList<>();
      c.onProgress(previews::add);
      long closes = 0;
      long t = 1_795_336_483_000_000_000L;
      for (int i = 0; i < 40_000; i++) {
        t += r.nextInt(2_000_000) - 200_000;
        Event e = event(r, t);
        if (e instanceof ConnectionClosed) {
          closes++;
        }
        c.accept(e);
      }
      c.flush();
      Map<String, Long> stats = c.stats().snapshot();
      assertTrue(traces.size() <= closes, "no more traces than closes: " + stats);
      assertEquals((long) traces.size(), stats.get("traces"));
      assertEquals(traces.size(), traces.stream().map(ConnectionTrace::id).distinct().count(),
          "no connection emitted twice");
      stats.values().forEach(v -> assertTrue(v >= 0, stats.toString()));
    }
  }

  private static Event event(Random r, long t) {
    String node = NODES[r.nextInt(NODES.length)];
    String id = node + "-" + r.nextInt(300);
    Endpoint a = endpoint(r);
    Endpoint b = endpoint(r);
    return switch (r.nextInt(9)) {
      case 0, 1 -> new ConnectionOpened(t, node, id, "TCP", a, b, "eth0");
      case 2, 3 -> new Translated(t, node, id, "TCP", a, b, endpoint(r), endpoint(r),
          r.nextBoolean() ? "capture" : "conntrack", "eth0 → eth1");
      case 4, 5 -> new ConnectionClosed(t, node, id, "TCP", a, b,
          OUTCOMES[r.nextInt(OUTCOMES.length)], r.nextInt(3) - 1L, r.nextInt(5_000_000) - 10,
          r.nextInt(3));
      case 6 -> new DnsLookup(t, node, a, b, r.nextBoolean() ? null : endpoint(r),
          "web.demo.svc.cluster.local", "answered", List.of(IPS[r.nextInt(IPS.length)]),
          List.of(), List.of(new DnsAttempt("web", "A", "NOERROR", List.of())),
          r.nextInt(1_000_000), "eth0");
      case 7 -> r.nextBoolean()
          ? new Rules(t - r.nextInt(1_000_000_000), node, "iptables",
              RealLabTraceTest.rules.services())
          : new Hello(t, node, 1, List.of("any"), "", 512, r.nextBoolean() ? "none" : "iptables",
              "why not", false);
      default -> new Lost(t, node, "kernel_drop", r.nextInt(10), t - 1, t);
    };
  }

  private static Endpoint endpoint(Random r) {
    int[] ports = {80, 8080, 9999, 30080, 53, 0, 65535, 40000 + r.nextInt(20)};
    return new Endpoint(IPS[r.nextInt(IPS.length)], ports[r.nextInt(ports.length)]);
  }
}
