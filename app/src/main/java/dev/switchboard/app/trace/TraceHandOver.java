package dev.switchboard.app.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a correlation thread leaves traces for a window, which drains them on its own cadence
 * (never one callback per trace): connections seen under way (their translation, or their end)
 * and finished ones. Bounded: what the window did not drain in time is dropped and counted
 * ("undrawn"). Threads: the correlation thread (or a session player) adds; the FX thread drains.
 */
public final class TraceHandOver {
  static final int PENDING = 10_000;

  private final ArrayDeque<ConnectionTrace> finished = new ArrayDeque<>();
  private final ArrayDeque<ConnectionTrace> underWay = new ArrayDeque<>();
  private long undrawn;

  public synchronized void finished(ConnectionTrace t) {
    add(finished, t);
  }

  /** A connection's translation (or its end) was just seen: it can be shown now. */
  public synchronized void underWay(ConnectionTrace t) {
    add(underWay, t);
  }

  private void add(ArrayDeque<ConnectionTrace> q, ConnectionTrace t) {
    if (q.size() >= PENDING) {
      q.pollFirst();
      undrawn++;
    }
    q.addLast(t);
  }

  /** Connections seen under way (outcome "open") or just ended, since the last call, oldest first. */
  public synchronized List<ConnectionTrace> drainUnderWay(int max) {
    return drain(underWay, max);
  }

  /** The traces finished since the last call, oldest first, at most {@code max}. */
  public synchronized List<ConnectionTrace> drain(int max) {
    return drain(finished, max);
  }

  private static List<ConnectionTrace> drain(ArrayDeque<ConnectionTrace> q, int max) {
    List<ConnectionTrace> out = new ArrayList<>(Math.min(max, q.size()));
    while (!q.isEmpty() && out.size() < max) {
      out.add(q.pollFirst());
    }
    return out;
  }

  /** Forgets what was not drawn yet (a seek: those connections belong to another moment). */
  public synchronized void clear() {
    finished.clear();
    underWay.clear();
  }

  /** Traces dropped because the window did not drain them in time. */
  public synchronized long undrawn() {
    return undrawn;
  }
}
