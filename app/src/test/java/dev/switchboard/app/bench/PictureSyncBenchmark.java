package dev.switchboard.app.bench;

import static dev.switchboard.app.bench.FrameTimeBenchmark.fx;


import dev.switchboard.app.cli.SourceOptions;
import dev.switchboard.app.cluster.kube.TestKubeconfig;
import dev.switchboard.app.ui.LaunchConfig;
import dev.switchboard.app.ui.MainWindow;
import dev.switchboard.app.ui.graph.GraphView;
import dev.switchboard.app.ui.graph.GroupCard;
import dev.switchboard.app.ui.graph.PodLook;
import dev.switchboard.app.ui.theme.Theme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * How long the FX thread is busy at a stretch while the whole window (picture, namespace picker,
 * diagnostics, status) takes in a big cluster from an API server: the initial sync, then a relist
 * (410 Gone) in which half the pods turned not ready unseen. A pinger posts a no-op to the FX
 * thread every 5 ms; its delay is the longest stretch the window could not answer (the collector's
 * pauses included). Same synthetic cluster as the cluster-scale benchmark (Deployments of 15 pods,
 * a Service each, 100 nodes, 50 namespaces), served by the list/watch test server in a process of
 * its own ({@link SyntheticApiServer}), as an API server would be. Run with {@code mvn
 * -Pbench-sync} under xvfb-run (docs/benchmarks.md). Main thread; the pinger on its own.
 */
public final class PictureSyncBenchmark {
  private GraphView graph;

  private PictureSyncBenchmark() {}

  public static void main(String[] args) throws Exception {
    int pods = args.length == 0 ? 150_000 : Integer.parseInt(args[0]);
    CountDownLatch up = new CountDownLatch(1);
    Platform.startup(up::countDown);
    up.await();
    Platform.setImplicitExit(false);
    new PictureSyncBenchmark().run(pods);
    Platform.exit();
    System.exit(0);
  }

  private void run(int pods) throws Exception {
    Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-Xmx6g", "-cp", System.getProperty("java.class.path"),
        SyntheticApiServer.class.getName(), String.valueOf(pods))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(
          server.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
      java.io.Writer commands = new java.io.OutputStreamWriter(server.getOutputStream(),
          java.nio.charset.StandardCharsets.UTF_8);
      String url = until(out, "url ").substring(4);
      Path kubeconfig = TestKubeconfig.temp(url);
      long t0 = System.nanoTime();
      double serverCpu0 = cpuSeconds(server);
      fx(() -> {
        Stage stage = new Stage();
        MainWindow window = new MainWindow(stage, new LaunchConfig(new SourceOptions(null,
            kubeconfig, null, null), Theme.LIGHT), Map.of());
        window.show();
        graph = window.graph();
        return null;
      });
      // the window's construction is not part of the stretch measured: the sync's is
      double opened = (System.nanoTime() - t0) / 1e9;
      double openedAtUptime =
          java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
      FxPinger pinger = new FxPinger(5);
      // -Dsync.screens=S: a screenshot every S seconds of the sync, to see what the picture was
      // at a long wait (its FX time then counts into the waits)
      long every = Long.getLong("sync.screens", 0) * 1_000_000_000L;
      long[] shot = {t0};
      long[] podsIn = {0};
      await("every pod in the picture, its Services diagnosed", () -> {
        if (every > 0 && System.nanoTime() - shot[0] >= every) {
          shot[0] = System.nanoTime();
          Screens.save(graph, String.format("sync-%d-at-%.0fs", pods,
              java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3));
        }
        // diagnosed too: Services are diagnosed once everything is listed, part of the sync
        if (podsIn[0] == 0 && count(null) >= pods) {
          podsIn[0] = System.nanoTime();
        }
        return podsIn[0] != 0 && !fx(() -> graph.scene().diagnosesPending());
      });
      double synced = (System.nanoTime() - t0) / 1e9;
      double syncedAtUptime = uptime();
      double podsShown = (podsIn[0] - t0) / 1e9;
      double serverCpu = cpuSeconds(server) - serverCpu0;
      List<FxPinger.Wait> sync = pinger.drainWaits();
      int cards = fx(() -> graph.grouping().cards().size());
      Thread.sleep(1000);
      Screens.save(graph, "sync-" + pods);
      // the screenshot's own FX time (snapshot, PNG) is not the relist's: the pinger records its
      // wait once its no-op has run, after the screenshot, so let it before draining
      Thread.sleep(500);
      pinger.drainWaits();

      commands.write("unready\n");
      commands.flush();
      until(out, "done");
      long t1 = System.nanoTime();
      double relistAtUptime = uptime();
      await("half the pods not ready after the relist", () -> count(PodLook.NOT_READY) >= pods / 2);
      double relisted = (System.nanoTime() - t1) / 1e9;
      List<FxPinger.Wait> relist = pinger.drainWaits();
      double relistedAtUptime = uptime();
      // a click on a namespace's card: its pods get their cards then (a quiet namespace has none)
      String opened7 = fx(() -> {
        GroupCard c = graph.grouping().cards().values().stream()
            .filter(g -> g.isNamespace() && g.namespace().equals("ns-7")).findFirst().orElseThrow();
        graph.open(c.key());
        return c.key();
      });
      long t2 = System.nanoTime();
      await("ns-7 opened, its Services' edges drawn", () -> fx(() ->
          !graph.grouping().cards().containsKey(opened7)
          && graph.scene().edgesShown(null, graph.grouping()).size() >= pods / 50));
      double openedIn = (System.nanoTime() - t2) / 1e9;
      Thread.sleep(1000);
      List<FxPinger.Wait> opening = pinger.drainWaits();
      double openedAtEnd = uptime();
      pinger.close();
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(200);
      }
      long heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage()
          .getUsed();
      System.out.printf("window opened in %.2f s (JVM uptime %.1f s); heap after a full GC %.0f MB;"
          + " the API server's"
          + " process used %.1f s of CPU during the initial sync; every pod was in the picture"
          + " after %.1f s, its Services diagnosed after the time below%n", opened, openedAtUptime,
          heap / 1e6, serverCpu, podsShown);
      System.out.println("phase\tpods\tseconds\tpings\tp50-ms\tp99-ms\tmax-ms\tcards"
          + "\tover-50\tover-50 less gc\tlongest: fx-cpu/render-cpu/gc-ms\tmax fx-cpu-ms");
      report("initial sync", pods, synced, sync, cards);
      report("relist (half not ready)", pods, relisted, relist,
          fx(() -> graph.grouping().cards().size()));
      report("one namespace opened, +1 s", pods / 50, openedIn, opening,
          fx(() -> graph.grouping().cards().size()));
      longest("initial sync", sync);
      longest("relist", relist);
      YoungPauses.report(new double[] {openedAtUptime, syncedAtUptime, relistAtUptime,
          relistedAtUptime, openedAtEnd}, new String[] {"initial sync",
          "between (screenshot, relist asked)", "relist", "one namespace opened"});
      Files.deleteIfExists(kubeconfig);
    } finally {
      server.destroy();
    }
  }

  private static double uptime() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
  }

  /** CPU time a process has used so far, on all its threads (the same cores as the app's). */
  private static double cpuSeconds(Process p) {
    return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  /** Reads the server's lines up to the first that starts with {@code prefix}. */
  private static String until(java.io.BufferedReader out, String prefix) throws Exception {
    for (String line; (line = out.readLine()) != null; ) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new IllegalStateException("the API server process ended before \"" + prefix + "\"");
  }

  /** Pods the picture counts (in {@code look}, or all). */
  private long count(PodLook look) throws Exception {
    return fx(() -> graph.scene().pods(look));
  }

  /**
   * Wait percentiles, then how many waits passed 50 ms (with and without the collector's pauses
   * in them), what filled the longest (the FX thread's
   * CPU time, the collector's pauses; the rest is the FX thread waiting for a core) and the most
   * CPU time the FX thread spent within one wait: its own longest stretch of work.
   */
  private static void report(String phase, int pods, double seconds, List<FxPinger.Wait> waits,
      int cards) {
    List<Long> sorted = new ArrayList<>(waits.stream().map(FxPinger.Wait::waitNs).toList());
    Collections.sort(sorted);
    FxPinger.Wait longest = waits.stream()
        .max(java.util.Comparator.comparingLong(FxPinger.Wait::waitNs)).orElseThrow();
    long over = waits.stream().filter(w -> w.waitNs() > 50_000_000L).count();
    long overLessGc = waits.stream().filter(w -> w.waitNs() - w.gcPauseNs() > 50_000_000L).count();
    long fxMax = waits.stream().mapToLong(FxPinger.Wait::fxCpuNs).max().orElse(0);
    System.out.printf("%s\t%d\t%.1f\t%d\t%.1f\t%.1f\t%.1f\t%d\t%d\t%d\t%.0f/%.0f/%.0f\t%.1f%n",
        phase, pods, seconds, sorted.size(), pct(sorted, 50), pct(sorted, 99), pct(sorted, 100),
        cards, over, overLessGc, longest.fxCpuNs() / 1e6, longest.renderCpuNs() / 1e6,
        longest.gcPauseNs() / 1e6, fxMax / 1e6);
  }

  /**
   * The five longest waits of a phase and the five with the most FX-thread work, each split, and
   * when (to match with a GC log or a flight recording).
   */
  private static void longest(String phase, List<FxPinger.Wait> waits) {
    System.out.println("longest waits of the " + phase
        + " (JVM uptime s: wait ms = fx cpu + render cpu + gc pause + rest)");
    top(waits, FxPinger.Wait::waitNs);
    System.out.println("most FX-thread work in one wait, " + phase);
    top(waits, FxPinger.Wait::fxCpuNs);
  }

  private static void top(List<FxPinger.Wait> waits,
      java.util.function.ToLongFunction<FxPinger.Wait> by) {
    waits.stream().sorted(java.util.Comparator.comparingLong(by).reversed())
        .limit(5).forEach(w -> System.out.printf("  %.3f: %.0f = %.0f + %.0f + %.0f + %.0f%n",
            w.atUptimeMs() / 1e3, w.waitNs() / 1e6, w.fxCpuNs() / 1e6, w.renderCpuNs() / 1e6,
            w.gcPauseNs() / 1e6, (w.waitNs() - w.fxCpuNs() - w.renderCpuNs() - w.gcPauseNs())
                / 1e6));
  }

  private static double pct(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int i = (int) Math.min(sorted.size() - 1, Math.ceil(p / 100 * sorted.size()) - 1);
    return sorted.get(Math.max(0, i)) / 1e6;
  }

  /** Polls from the main thread (sleeping between), for at most 10 minutes. */
  private static void await(String what, Callable<Boolean> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (!done.call()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what);
      }
      // a check can walk every card on the FX thread: not so often that it weighs on the waits
      Thread.sleep(1000);
    }
  }

  /** Pictures of the window's graph for people to look at: target/screenshots. */
  private static final class Screens {
    static void save(GraphView g, String name) throws Exception {
      byte[] png = fx(() -> dev.switchboard.app.ui.report.Png.of(g.snapshot(null, null)));
      Path dir = Path.of("target", "screenshots");
      Files.createDirectories(dir);
      Files.write(dir.resolve(name + ".png"), png);
    }
  }
}
