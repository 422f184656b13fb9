package dev.switchboard.capture.packet;

import java.util.EnumMap;
import java.util.Map;

/** Counts of decoded and skipped frames by reason. Owned by the decoding thread; snapshot to share. */
public final class DecodeStats {
  private long decoded;
  private final long[] skipped = new long[SkipReason.values().length];

  void decoded() {
    decoded++;
  }

  void skipped(SkipReason reason) {
    skipped[reason.ordinal()]++;
  }

  public long decodedCount() {
    return decoded;
  }

  public long skippedCount() {
    long n = 0;
    for (long s : skipped) {
      n += s;
    }
    return n;
  }

  public Map<SkipReason, Long> skippedByReason() {
    Map<SkipReason, Long> m = new EnumMap<>(SkipReason.class);
    for (SkipReason r : SkipReason.values()) {
      if (skipped[r.ordinal()] > 0) {
        m.put(r, skipped[r.ordinal()]);
      }
    }
    return m;
  }
}
