package dev.switchboard.app.trace;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the correlator did and what it could not see: events taken, traces made, views joined
 * across nodes, and every loss the sidecars reported, by node and reason. Written by the
 * correlation thread; read a {@link #snapshot()} elsewhere.
 */
public final class CorrelatorStats {
  long events;
  long traces;
  long mergedAcrossNodes;
  /** Connections whose close came without their open (the stream joined mid-connection). */
  long openNotSeen;
  /** Events for a connection already emitted (arrived after the hold). */
  long late;
  /** Connections dropped unfinished to bound memory. */
  long evictedUnfinished;
  /** Connections still open at {@link Correlator#flush()}. */
  int unfinished;
  private final Map<String, Long> lost = new TreeMap<>();

  void lost(String node, String reason, long count) {
    lost.merge(node + " " + reason, count, Long::sum);
  }

  /** A copy, keys in a stable order. */
  public Map<String, Long> snapshot() {
    Map<String, Long> m = new TreeMap<>();
    m.put("events", events);
    m.put("traces", traces);
    m.put("mergedAcrossNodes", mergedAcrossNodes);
    m.put("openNotSeen", openNotSeen);
    m.put("late", late);
    m.put("evictedUnfinished", evictedUnfinished);
    m.put("unfinished", (long) unfinished);
    lost.forEach((k, v) -> m.put("lost " + k, v));
    return m;
  }
}
