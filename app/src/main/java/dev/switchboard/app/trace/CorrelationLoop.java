package dev.switchboard.app.trace;

import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Lost;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place events cross from link threads to the correlation thread: a bounded queue that
 * never blocks a link (overflow is counted and becomes a {@code Lost("app_queue")} event), and
 * the loop that feeds the {@link Correlator}. While the streams are quiet, event time is moved on
 * by the wall clock so finished connections still come out. {@link #offer} from any thread;
 * {@link #runFor} on the correlation thread.
 */
public final class CorrelationLoop {
  private static final long POLL_NANOS = 100_000_000L;

  private final BlockingQueue<Event> queue;
  private final Correlator correlator;
  private final AtomicLong overflow = new AtomicLong();
  private volatile boolean stopped;
  private long overflowFromNanos;
  private Runnable tick = () -> { };

  public CorrelationLoop(int capacity, Correlator correlator) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.correlator = correlator;
  }

  /** Runs on the correlation thread after every poll (at least every 100 ms). Set before running. */
  public void onTick(Runnable tick) {
    this.tick = tick;
  }

  /** Any thread; never waits. */
  public void offer(Event e) {
    if (!queue.offer(e)) {
      overflow.incrementAndGet();
    }
  }

  public void stop() {
    stopped = true;
  }

  /**
   * Correlates until {@code nanos} of wall time have passed (Long.MAX_VALUE: until stopped),
   * then takes what is queued and emits every finished connection.
   */
  public void runFor(long nanos) throws InterruptedException {
    long start = System.nanoTime();
    long lastEventWall = start;
    long lastEventTime = Long.MIN_VALUE;
    while (!stopped && System.nanoTime() - start < nanos) {
      Event e = queue.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
      reportOverflow(e != null ? e.timestampNanos() : lastEventTime);
      if (e != null) {
        take(e);
        lastEventWall = System.nanoTime();
        lastEventTime = Math.max(lastEventTime, e.timestampNanos());
      } else if (lastEventTime != Long.MIN_VALUE) {
        correlator.advanceTo(lastEventTime + (System.nanoTime() - lastEventWall));
      }
      tick.run();
    }
    for (Event e = queue.poll(); e != null; e = queue.poll()) {
      take(e);
    }
    reportOverflow(lastEventTime);
    correlator.flush();
    tick.run();
  }

  /**
   * One event into the correlator. An event it cannot use is counted as lost ("uncorrelated")
   * instead of ending the thread every connection depends on.
   */
  private void take(Event e) {
    try {
      correlator.accept(e);
    } catch (RuntimeException bug) {
      correlator.accept(new Lost(e.timestampNanos(), e.node(), "uncorrelated", 1,
          e.timestampNanos(), e.timestampNanos()));
    }
  }

  private void reportOverflow(long atNanos) {
    long n = overflow.getAndSet(0);
    if (n > 0) {
      correlator.accept(new Lost(atNanos, "app", "app_queue", n, overflowFromNanos, atNanos));
    }
    overflowFromNanos = atNanos;
  }
}
