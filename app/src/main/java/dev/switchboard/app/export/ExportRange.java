package dev.switchboard.app.export;

import java.util.Set;

/**
 * What of a session to export: a stretch of its timeline and, optionally, only some traces.
 * Immutable; any thread.
 *
 * @param from where the stretch starts (inclusive), null from the beginning
 * @param to where it ends (inclusive), null to the end
 * @param traces trace ids to keep; empty keeps every packet
 */
public record ExportRange(Bound from, Bound to, Set<String> traces) {
  public static final ExportRange ALL = new ExportRange(null, null, Set.of());

  public ExportRange {
    traces = Set.copyOf(traces);
  }

  /** A moment: epoch ns, or ns after the timeline's zero (the window's 0:00). */
  public record Bound(long nanos, boolean offset) {
    long at(long zeroNanos) {
      return offset ? zeroNanos + nanos : nanos;
    }
  }

  long fromNanos(long zero) {
    return from == null ? Long.MIN_VALUE : from.at(zero);
  }

  long toNanos(long zero) {
    return to == null ? Long.MAX_VALUE : to.at(zero);
  }
}
