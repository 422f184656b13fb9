package dev.switchboard.app.cli;

import java.time.Duration;

/** Durations as people type them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. Pure. */
final class DurationText {
  private DurationText() {}

  static Duration parse(String text) throws UsageException {
    String t = text.trim();
    try {
      Duration d;
      if (t.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      } else if (t.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
      } else if (t.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      } else if (t.endsWith("h")) {
        d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
      } else {
        d = Duration.ofSeconds(Long.parseLong(t));
      }
      if (d.isNegative() || d.isZero()) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new UsageException("a duration is a positive number with ms, s, m or h, not " + text);
    }
  }
}
