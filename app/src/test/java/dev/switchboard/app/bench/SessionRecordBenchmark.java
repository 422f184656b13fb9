package dev.switchboard.app.bench;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.Interner;
import dev.switchboard.app.cluster.kube.ClusterDumpLoader;
import dev.switchboard.app.cluster.kube.KubeProjection;
import dev.switchboard.app.link.EventIntake;
import dev.switchboard.app.session.SessionRecorder;
import dev.switchboard.capture.FlowObserver;
import dev.switchboard.capture.PcapReplay;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Rules;
import dev.switchboard.capture.kubeproxy.IptablesRules;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Recording at a live pace: the real-lab-1 capture's connections copied as new ones and offered
 * to a {@link SessionRecorder} as a live sidecar would, {@code RATE} connections a second for
 * {@code SECONDS} (default 1,000/s for 10 minutes), the real-lab-1 cluster recorded with them.
 * Prints the file's size, the recorder's CPU (its writer thread) and the heap, and leaves the
 * session in target/bench-session.sbsession for {@code SessionReplayBenchmark}. Run with
 * {@code mvn -Pbench-session} (see docs/benchmarks.md). Main thread generates.
 */
public final class SessionRecordBenchmark {
  static final Path OUT = Path.of("target", "bench-session.sbsession");

  private SessionRecordBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
    int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    List<Event> base;
    try (InputStream in = resource("node1.pcap")) {
      base = PcapReplay.replay(in, "node1", FlowObserver.Settings.DEFAULT).events();
    }
    long perCopy = 18;
    long copyNanos = perCopy * 1_000_000_000L / rate;
    ClusterStore store = new ClusterStore();
    try (InputStream in = resource("cluster.yaml")) {
      new ClusterDumpLoader(new KubeProjection(new Interner())).load(in, "cluster.yaml", store, 0);
    }
    Files.createDirectories(OUT.getParent());
    SessionRecorder recorder = SessionRecorder.start(OUT, "benchmark", "real-lab-1",
        List.of("synthetic sidecar node1"), true);
    recorder.recordCluster(store);
    EventIntake intake = recorder.intake(EventIntake.NOWHERE);
    long start = System.currentTimeMillis() * 1_000_000L;
    long shift = start - base.get(0).timestampNanos();
    try (InputStream in = resource("node1-iptables-save.txt")) {
      intake.offer(new Rules(start - 1, "node1", "iptables",
          IptablesRules.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long writer = writerThreadId();
    long cpu0 = threads.getThreadCpuTime(writer);
    long processCpu0 = processCpu();
    long wall0 = System.nanoTime();
    long maxHeap = 0;
    long nextReport = wall0 + 10_000_000_000L;
    System.out.println("seconds\tconnections\tfile MB\theap MB");
    int k = 0;
    while (System.nanoTime() - wall0 < seconds * 1_000_000_000L) {
      long due = wall0 + k * copyNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
      }
      List<Event> copy = new ArrayList<>();
      for (Event e : base) {
        Event c = LabCopies.copy(e, k, shift + k * copyNanos);
        if (c != null) {
          copy.add(c);
        }
      }
      copy.forEach(intake::offer);
      k++;
      long heap = usedHeap();
      maxHeap = Math.max(maxHeap, heap);
      if (System.nanoTime() >= nextReport) {
        nextReport += 10_000_000_000L;
        System.out.printf("%d\t%d\t%.1f\t%.0f%n", (System.nanoTime() - wall0) / 1_000_000_000L,
            k * perCopy, Files.size(OUT) / 1e6, heap / 1e6);
      }
    }
    long wall = System.nanoTime() - wall0;
    long writerCpu = threads.getThreadCpuTime(writer) - cpu0;
    recorder.close("benchmark over");
    long processCpu = processCpu() - processCpu0;
    System.gc();
    System.out.printf("recorded %,d connections (%,d events) in %.0f s: %.1f MB on disk"
            + " (%.2f MB a minute, %.0f bytes a connection)%n",
        k * perCopy, recorder.events(), wall / 1e9, Files.size(OUT) / 1e6,
        Files.size(OUT) / 1e6 / (wall / 60e9), Files.size(OUT) / (double) (k * perCopy));
    System.out.printf("writer thread CPU %.1f s = %.1f %% of a core; whole process (with the"
            + " generator) %.1f %% of a core%n", writerCpu / 1e9, 100.0 * writerCpu / wall,
        100.0 * processCpu / wall);
    System.out.printf("heap: at most %.0f MB used while recording, %.0f MB after a GC at the"
        + " end; lost to the recorder's queue: %s%n", maxHeap / 1e6, usedHeap() / 1e6,
        "see the session's lost events (replay prints them)");
  }

  private static long writerThreadId() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("session-writer")).findFirst().orElseThrow().getId();
  }

  private static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static InputStream resource(String name) {
    return SessionRecordBenchmark.class.getResourceAsStream("/fixtures/real-lab-1/" + name);
  }
}
