package dev.switchboard.app.trace;

import dev.switchboard.app.link.EventIntake;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Lost;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one place events cross from source threads to the correlation thread: a bounded queue and
 * the loop that feeds the {@link Correlator}. Live sources {@link #offer} and never wait
 * (overflow is counted and becomes a {@code Lost("app_queue")} event); files {@link #put} and
 * wait for room, so a file is never dropped from. With live sources, event time is moved on by
 * the wall clock while the streams are quiet so finished connections still come out; files move
 * it only by their own events, and {@link #flushSoon} lets what they left finish. {@link #offer},
 * {@link #put} and {@link #flushSoon} from any thread; {@link #runFor} on the correlation thread.
 */
public final class CorrelationLoop implements EventIntake {
  private static final long POLL_NANOS = 100_000_000L;

  private final BlockingQueue<Event> queue;
  private final Correlator correlator;
  private final AtomicLong overflow = new AtomicLong();
  private volatile boolean stopped;
  private volatile boolean flushRequested;
  private volatile boolean wallClock = true;
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

  /**
   * Whether quiet moves event time on by the wall clock: right for live sources, wrong for files
   * alone (a file read slowly would see its connections finished before their last events).
   */
  public void wallClock(boolean on) {
    wallClock = on;
  }

  /** Any thread; never waits. */
  @Override
  public void offer(Event e) {
    if (!queue.offer(e)) {
      overflow.incrementAndGet();
    }
  }

  /** Any thread; waits for room. */
  @Override
  public void put(Event e) throws InterruptedException {
    queue.put(e);
  }

  /** Once what is queued is taken, emit every finished connection (the files have ended). */
  public void flushSoon() {
    flushRequested = true;
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
        correlator.accept(e);
        lastEventWall = System.nanoTime();
        lastEventTime = Math.max(lastEventTime, e.timestampNanos());
      } else if (flushRequested) {
        flushRequested = false;
        correlator.flush();
      } else if (wallClock && lastEventTime != Long.MIN_VALUE) {
        correlator.advanceTo(lastEventTime + (System.nanoTime() - lastEventWall));
      }
      tick.run();
    }
    for (Event e = queue.poll(); e != null; e = queue.poll()) {
      correlator.accept(e);
    }
    reportOverflow(lastEventTime);
    correlator.flush();
    tick.run();
  }

  private void reportOverflow(long atNanos) {
    long n = overflow.getAndSet(0);
    if (n > 0) {
      correlator.accept(new Lost(atNanos, "app", "app_queue", n, overflowFromNanos, atNanos));
    }
    overflowFromNanos = atNanos;
  }
}
