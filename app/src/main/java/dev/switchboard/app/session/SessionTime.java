package dev.switchboard.app.session;

import java.util.Locale;

/** Session times in words: offsets from the start as m:ss.mmm. Pure; any thread. */
public final class SessionTime {
  private SessionTime() {}

  /** E.g. "0:07.250", "12:03.000", "1:02:03.000". */
  public static String offset(long nanos) {
    long ms = Math.max(0, nanos) / 1_000_000L;
    long h = ms / 3_600_000L;
    long m = ms / 60_000L % 60;
    long s = ms / 1000 % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d.%03d", h, m, s, ms % 1000)
        : String.format(Locale.ROOT, "%d:%02d.%03d", m, s, ms % 1000);
  }

  /** Whole seconds, for an axis: "0:07", "12:03", "1:02:03". */
  public static String seconds(long nanos) {
    long sec = Math.max(0, nanos) / 1_000_000_000L;
    return sec >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", sec / 3600, sec / 60 % 60,
        sec % 60) : String.format(Locale.ROOT, "%d:%02d", sec / 60, sec % 60);
  }
}
