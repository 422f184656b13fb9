package dev.switchboard.app.export;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final Pattern CLOCK =
        Pattern.compile("(?:(\\d+):)?(\\d+):(\\d{2})(?:\\.(\\d{1,3}))?");

    long at(long zeroNanos) {
      return offset ? zeroNanos + nanos : nanos;
    }

    /**
     * An offset as the window shows it ({@code 0:07.250}, {@code 1:02:03}) or a time
     * ({@code 2026-11-22T08:34:45Z}); null when the text is neither.
     */
    public static Bound parse(String text) {
      String t = text.trim();
      Matcher m = CLOCK.matcher(t);
      if (m.matches()) {
        long ms = ((m.group(1) == null ? 0 : Long.parseLong(m.group(1))) * 3600
            + Long.parseLong(m.group(2)) * 60 + Long.parseLong(m.group(3))) * 1000
            + (m.group(4) == null ? 0 : Long.parseLong((m.group(4) + "00").substring(0, 3)));
        return new Bound(ms * 1_000_000L, true);
      }
      try {
        Instant i = Instant.parse(t);
        return new Bound(i.getEpochSecond() * 1_000_000_000L + i.getNano(), false);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
  }

  long fromNanos(long zero) {
    return from == null ? Long.MIN_VALUE : from.at(zero);
  }

  long toNanos(long zero) {
    return to == null ? Long.MAX_VALUE : to.at(zero);
  }
}
