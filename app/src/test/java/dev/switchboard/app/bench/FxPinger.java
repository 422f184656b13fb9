package dev.switchboard.app.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/**
 * Posts a no-op to the FX thread every {@code periodMs} and records how long it waited: the
 * longest stretch the window could not answer (the collector's pauses included). Its own thread;
 * {@link #drain} from any.
 */
public final class FxPinger implements AutoCloseable {
  private final List<Long> delaysNs = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;

  public FxPinger(long periodMs) {
    thread = new Thread(() -> {
      while (running) {
        long start = System.nanoTime();
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(done::countDown);
        try {
          done.await(60, TimeUnit.SECONDS);
          synchronized (delaysNs) {
            delaysNs.add(System.nanoTime() - start);
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

  /** The delays (ns) recorded since the last drain. */
  public List<Long> drain() {
    synchronized (delaysNs) {
      List<Long> out = new ArrayList<>(delaysNs);
      delaysNs.clear();
      return out;
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join();
  }
}
