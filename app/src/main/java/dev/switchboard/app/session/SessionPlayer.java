package dev.switchboard.app.session;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.link.LinkStatus;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.trace.TraceHandOver;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays a session on a clock the window controls: play, pause, speed 0.1×–10×, seek, loop. One
 * thread ("session-player") does the work: on a seek it rebuilds the moment (a
 * {@link SessionCursor}), brings the picture's store to the cluster as it was then (writing only
 * what differs), and lists the connections that finished in the seconds before; then it takes
 * each record when the clock reaches it — cluster changes into its store and the picture's,
 * events into its correlator, whose traces it hands to the window. Commands from any thread
 * (the FX thread); the window drains traces on its own cadence.
 */
public final class SessionPlayer implements AutoCloseable {
  public static final double MIN_SPEED = 0.1;
  public static final double MAX_SPEED = 10;
  private static final long NONE = Long.MIN_VALUE;
  private static final long IDLE_MS = 20;

  private final SessionIndex index;
  private final ClusterStore picture;
  private final PlayClock clock = new PlayClock();
  private final TraceHandOver handOver = new TraceHandOver();
  private final ArrayDeque<ConnectionTrace> history = new ArrayDeque<>();
  private final AtomicLong seekTo = new AtomicLong(NONE);
  private final Map<String, LinkStatus> links = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile boolean loop;
  private volatile boolean atEnd;
  private volatile int generation;
  private volatile Map<String, Long> stats = Map.of();
  private volatile String problem;
  /** Where play pauses by itself (a lesson step's end); NONE when it plays on. */
  private final AtomicLong stopAt = new AtomicLong(NONE);
  private SessionCursor cursor;
  private boolean flushed;

  public SessionPlayer(SessionIndex index, ClusterStore picture) {
    this.index = index;
    this.picture = picture;
    this.thread = new Thread(this::run, "session-player");
    thread.setDaemon(true);
  }

  /** Starts at the session's beginning, paused unless {@link #play} was called. */
  public void start() {
    seek(index.startNanos());
    thread.start();
  }

  public SessionIndex index() {
    return index;
  }

  public void play() {
    if (atEnd) {
      seek(index.startNanos());
    }
    clock.play(true);
  }

  public void pause() {
    clock.play(false);
  }

  public boolean playing() {
    return clock.playing();
  }

  /** Clamped to 0.1×–10×. */
  public void speed(double speed) {
    clock.speed(Math.max(MIN_SPEED, Math.min(MAX_SPEED, speed)));
  }

  public double speed() {
    return clock.speed();
  }

  /** Starts over at the end instead of stopping there. */
  public void loop(boolean on) {
    loop = on;
  }

  /** Moves to {@code nanos} (clamped to the session); the window clears what it showed. */
  public void seek(long nanos) {
    long t = Math.max(index.startNanos(), Math.min(index.endNanos(), nanos));
    long stop = stopAt.get();
    if (stop != NONE && t > stop) {
      stopAt.compareAndSet(stop, NONE); // moved past a step's end: play on from here
    }
    if (!clock.playing() && t == clock.now() && seekTo.get() == NONE && thread.isAlive()) {
      return; // already there: nothing to rebuild
    }
    clock.set(t);
    seekTo.set(t);
  }

  /**
   * Pauses play when the clock reaches {@code nanos} (exactly there: nothing after it is taken),
   * once; {@link Long#MIN_VALUE} plays on. A lesson step plays its stretch this way.
   */
  public void stopAt(long nanos) {
    stopAt.set(nanos);
  }

  /** Where the clock is (session time, epoch ns). */
  public long playhead() {
    return Math.min(clock.now(), index.endNanos());
  }

  /** Changes with every seek: what the window shows from before it must go. */
  public int generation() {
    return generation;
  }

  /** Where finished traces and those under way wait for the window. */
  public TraceHandOver handOver() {
    return handOver;
  }

  /** Connections that finished in the seconds before the moment sought: rows, not flights. */
  public synchronized List<ConnectionTrace> drainHistory() {
    List<ConnectionTrace> out = new ArrayList<>(history);
    history.clear();
    return out;
  }

  /** The correlator's counters as of the last record taken. */
  public Map<String, Long> stats() {
    return stats;
  }

  /** Each source's state as recorded, latest first by source. */
  public Map<String, LinkStatus> links() {
    return new TreeMap<>(links);
  }

  /** Why the player stopped (the file could not be read again), or null. */
  public String problem() {
    return problem;
  }

  private void run() {
    try {
      while (!closed) {
        long target = seekTo.getAndSet(NONE);
        if (target != NONE) {
          rebuild(target);
        }
        step();
      }
    } catch (IOException | SessionFormatException e) {
      problem = "the session could not be read again: " + e.getMessage();
      clock.play(false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeCursor();
    }
  }

  /** Takes the next record if the clock has reached it, else waits a little. */
  private void step() throws IOException, InterruptedException {
    long stop = stopAt.get();
    if (stop != NONE && clock.playing() && clock.now() >= stop) {
      clock.play(false);
      clock.set(stop);
      stopAt.compareAndSet(stop, NONE);
    }
    SessionRecord next = cursor.peek();
    long now = clock.now();
    if (next == null) {
      if (!flushed) {
        cursor.correlator.flush();
        flushed = true;
        stats = cursor.correlator.stats().snapshot();
      }
      if (now >= index.endNanos() && clock.playing()) {
        if (loop) {
          seek(index.startNanos());
        } else {
          clock.play(false);
          clock.set(index.endNanos());
          atEnd = true;
        }
      }
      Thread.sleep(IDLE_MS);
      return;
    }
    if (SessionCursor.paced(next) && next.timestampNanos() > now) {
      cursor.correlator.advanceTo(now);
      long wait = clock.wallUntil(next.timestampNanos()) / 1_000_000L;
      Thread.sleep(Math.max(1, Math.min(IDLE_MS, wait)));
      return;
    }
    SessionRecord r = cursor.take(picture);
    if (r instanceof SessionRecord.Link l) {
      links.put(l.status().url(), l.status());
    }
    if (r instanceof SessionRecord.EventRecord) {
      stats = cursor.correlator.stats().snapshot();
    }
  }

  /** A new moment: its cluster, its correlator, its recent connections. */
  private void rebuild(long target) throws IOException, SessionFormatException {
    closeCursor();
    handOver.clear();
    synchronized (this) {
      history.clear();
    }
    generation++;
    atEnd = false;
    flushed = false;
    links.clear();
    List<ConnectionTrace> before = new ArrayList<>();
    cursor = SessionCursor.at(index, target, before::add);
    cursor.skipTo(target);
    cursor.correlator.onProgress(handOver::underWay);
    cursor.correlator.onFinished(handOver::finished);
    picture.becomeLike(cursor.store.snapshot(), target / 1_000_000L);
    synchronized (this) {
      history.addAll(before);
    }
    stats = cursor.correlator.stats().snapshot();
  }

  private void closeCursor() {
    if (cursor != null) {
      try {
        cursor.close();
      } catch (IOException e) {
        // a file we only read
      }
      cursor = null;
    }
  }

  /**
   * One connection's whole trace, found by replaying the seconds around it on another thread: for
   * a step to a connection that has not finished at the playhead yet.
   */
  public CompletableFuture<ConnectionTrace> traceOf(SessionIndex.Connection c) {
    return CompletableFuture.supplyAsync(() -> {
      ConnectionTrace[] found = new ConnectionTrace[1];
      try (SessionCursor look = SessionCursor.at(index, c.startNanos(),
          t -> {
            if (t.id().equals(c.id())) {
              found[0] = t;
            }
          })) {
        look.skipTo(c.endNanos() + 2 * dev.switchboard.app.trace.Correlator.HOLD_NANOS);
        if (found[0] == null) {
          look.correlator.flush();
        }
      } catch (IOException | SessionFormatException e) {
        return null;
      }
      return found[0];
    });
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
