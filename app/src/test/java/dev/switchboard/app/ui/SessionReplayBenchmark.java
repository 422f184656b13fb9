package dev.switchboard.app.ui;

import dev.switchboard.app.session.SessionIndex;
import dev.switchboard.app.ui.theme.Theme;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * A long session in the window at 10×: opens the session {@code SessionRecordBenchmark} left
 * (target/bench-session.sbsession), measures the index pass (time, heap), then plays it at
 * {@code SPEED} (default 10×) for {@code SECONDS} (default 60: ten minutes of recording; speed 0:
 * paused, the window's floor) while pinging the FX thread every 50 ms. Prints how late the pings were answered, the picture's frame times and how many
 * connections reached the table. Run with {@code mvn -Pbench-session} under xvfb-run.
 */
public final class SessionReplayBenchmark {
  private SessionReplayBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path session = Path.of(args.length > 0 ? args[0] : "target/bench-session.sbsession");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
    double speed = args.length > 2 ? Double.parseDouble(args[2]) : 10;
    long t0 = System.nanoTime();
    SessionIndex index = SessionIndex.read(session);
    System.gc();
    System.out.printf("index: %,d connections, %,d blocks, %.0f s long, read in %.1f s, heap %.0f"
            + " MB after a GC%n", index.connections().size(), index.blocks().size(),
        (index.endNanos() - index.startNanos()) / 1e9, (System.nanoTime() - t0) / 1e9,
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6);
    CountDownLatch up = new CountDownLatch(1);
    Platform.startup(up::countDown);
    up.await();
    MainWindow[] window = new MainWindow[1];
    Platform.runLater(() -> {
      window[0] = new MainWindow(new Stage(), new LaunchConfig(null, Theme.LIGHT, null, List.of(),
          session, false), Map.of());
      window[0].show();
    });
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (call(() -> window[0] == null || window[0].session() == null)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the session did not open");
      }
      Thread.sleep(100);
    }
    if (speed > 0) {
      Platform.runLater(() -> {
        window[0].session().pane().speed(speed);
        window[0].session().pane().togglePlay();
      });
    }
    List<Long> lateMs = Collections.synchronizedList(new ArrayList<>());
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    int rowsSeen = 0;
    while (System.nanoTime() < end) {
      long sent = System.nanoTime();
      CountDownLatch answered = new CountDownLatch(1);
      Platform.runLater(answered::countDown);
      answered.await();
      lateMs.add((System.nanoTime() - sent) / 1_000_000L);
      Thread.sleep(50);
    }
    rowsSeen = call(() -> window[0].flowTable().getItems().size());
    String playhead = call(() -> window[0].session().pane().clockText());
    double frameP95 = call(() -> window[0].graph().stats().percentileMs(95));
    Map<String, Long> stats = call(() -> window[0].sessionStats());
    List<Long> sorted = new ArrayList<>(lateMs);
    Collections.sort(sorted);
    System.out.printf("played %d s at %s× (playhead %s): FX pings answered in p50 %d ms, p99 %d"
            + " ms, max %d ms (%d pings); picture frame p95 %.1f ms; table holds %d rows;"
            + " correlator %s%n", seconds, speed, playhead, sorted.get(sorted.size() / 2),
        sorted.get((int) (sorted.size() * 0.99)), sorted.get(sorted.size() - 1), sorted.size(),
        frameP95, rowsSeen, stats);
    Platform.exit();
    System.exit(0);
  }

  private static <T> T call(java.util.concurrent.Callable<T> read) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        f.complete(read.call());
      } catch (Exception e) {
        f.completeExceptionally(e);
      }
    });
    return f.get(30, TimeUnit.SECONDS);
  }
}
