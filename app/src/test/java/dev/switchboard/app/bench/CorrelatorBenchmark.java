package dev.switchboard.app.bench;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.Interner;
import dev.switchboard.app.cluster.kube.ClusterDumpLoader;
import dev.switchboard.app.cluster.kube.KubeProjection;
import dev.switchboard.app.trace.ClusterLookups;
import dev.switchboard.app.trace.Correlator;
import dev.switchboard.capture.FlowObserver;
import dev.switchboard.capture.PcapReplay;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Rules;
import dev.switchboard.capture.kubeproxy.IptablesRules;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Events per second the correlator takes on one thread: the real-lab-1 capture's events (18
 * connections, their lookups) repeated as new connections — new ids, client ports and times —
 * against the real-lab-1 cluster (through the store's lock, as live) and kube-proxy rules. Run with
 * {@code mvn -Pbench-correlator} (see docs/benchmarks.md). Main thread.
 */
public final class CorrelatorBenchmark {
  private static final long COPY_SPACING_NANOS = 400_000_000L;

  private CorrelatorBenchmark() {}

  public static void main(String[] args) throws Exception {
    int copies = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    List<Event> base;
    try (InputStream in = resource("node1.pcap")) {
      base = PcapReplay.replay(in, "node1", FlowObserver.Settings.DEFAULT).events();
    }
    Rules rules;
    try (InputStream in = resource("node1-iptables-save.txt")) {
      rules = new Rules(base.get(0).timestampNanos() - 1, "node1", "iptables",
          IptablesRules.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
    ClusterStore store = new ClusterStore();
    try (InputStream in = resource("cluster.yaml")) {
      new ClusterDumpLoader(new KubeProjection(new Interner())).load(in, "cluster.yaml", store, 0);
    }
    List<Event> stream = new ArrayList<>();
    stream.add(rules);
    for (int k = 0; k < copies; k++) {
      for (Event e : base) {
        Event copy = LabCopies.copy(e, k, k * COPY_SPACING_NANOS);
        if (copy != null) {
          stream.add(copy);
        }
      }
    }
    Event[] events = stream.toArray(new Event[0]);
    System.out.printf("%d events (%d connections) per round%n", events.length, copies * 18);
    System.out.println("round\tevents/s\ttraces/s\tms");
    double[] rates = new double[7];
    for (int round = 0; round < rates.length; round++) {
      long[] traces = {0};
      Correlator c = new Correlator(ClusterLookups.of(store), 1_000_000_000L, t -> traces[0]++);
      long t0 = System.nanoTime();
      for (Event e : events) {
        c.accept(e);
      }
      c.flush();
      long nanos = System.nanoTime() - t0;
      rates[round] = events.length / (nanos / 1e9);
      System.out.printf("%d\t%.0f\t%.0f\t%d%n", round, rates[round], traces[0] / (nanos / 1e9),
          nanos / 1_000_000);
      if (traces[0] != copies * 18L) {
        throw new AssertionError("expected " + copies * 18 + " traces, got " + traces[0]);
      }
    }
    double[] measured = Arrays.copyOfRange(rates, 2, rates.length);
    Arrays.sort(measured);
    System.out.printf("median of rounds 2-6: %.0f events/s%n", measured[measured.length / 2]);
  }

  private static InputStream resource(String name) {
    return CorrelatorBenchmark.class.getResourceAsStream("/fixtures/real-lab-1/" + name);
  }
}
