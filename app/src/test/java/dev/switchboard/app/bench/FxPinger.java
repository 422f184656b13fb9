package dev.switchboard.app.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/**
 * Posts a no-op to the FX thread every {@code periodMs} and records how long it waited: the
 * longest stretch the window could not answer. Each wait is split by what filled it: the FX
 * thread's own CPU time (its work), the render thread's (a pulse waits for the last frame's
 * rendering) and the collector's pauses (every thread stopped); the rest is waiting for a core.
 * Its own thread; {@link #drain} from any.
 */
public final class FxPinger implements AutoCloseable {
  /**
   * One wait, and within it the FX thread's and the render thread's CPU time and the collectors'
   * pause time (ns); when it began (ms since the JVM started, as GC and safepoint logs say).
   */
  public record Wait(long waitNs, long fxCpuNs, long renderCpuNs, long gcPauseNs, long atUptimeMs) {}

  private final List<Wait> waits = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final List<GarbageCollectorMXBean> collectors =
      ManagementFactory.getGarbageCollectorMXBeans();
  private long fxThreadId = -1;
  private long renderThreadId = -1;

  public FxPinger(long periodMs) throws InterruptedException {
    CountDownLatch known = new CountDownLatch(1);
    Platform.runLater(() -> {
      fxThreadId = Thread.currentThread().getId();
      known.countDown();
    });
    known.await(60, TimeUnit.SECONDS);
    renderThreadId = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("QuantumRenderer")).mapToLong(Thread::getId)
        .findFirst().orElse(-1);
    thread = new Thread(() -> {
      while (running) {
        long cpu = cpu(fxThreadId);
        long render = cpu(renderThreadId);
        long gc = gcMillis();
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        long start = System.nanoTime();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(done::countDown);
        try {
          done.await(60, TimeUnit.SECONDS);
          Wait w = new Wait(System.nanoTime() - start, cpu(fxThreadId) - cpu,
              cpu(renderThreadId) - render, (gcMillis() - gc) * 1_000_000L, uptime);
          synchronized (waits) {
            waits.add(w);
          }
          Thread.sleep(periodMs);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "fx-pinger");
    thread.setDaemon(true);
    thread.start();
  }

  private long cpu(long threadId) {
    return threadId < 0 ? 0 : Math.max(0, threads.getThreadCpuTime(threadId));
  }

  /** Pause time so far, all collectors (ms: what the JVM counts in). */
  private long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean c : collectors) {
      sum += Math.max(0, c.getCollectionTime());
    }
    return sum;
  }

  /** The delays (ns) recorded since the last drain. */
  public List<Long> drain() {
    return drainWaits().stream().map(Wait::waitNs).toList();
  }

  /** The waits recorded since the last drain, with what filled them. */
  public List<Wait> drainWaits() {
    synchronized (waits) {
      List<Wait> out = new ArrayList<>(waits);
      waits.clear();
      return out;
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
  }
}
