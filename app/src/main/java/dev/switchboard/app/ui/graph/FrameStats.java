package dev.switchboard.app.ui.graph;

import java.util.Arrays;

/**
 * Durations recorded on the FX thread, the last {@link #SIZE}: time per frame (apply changes +
 * layout + draw), or a connection's packet-to-pixel latency. FX thread writes; snapshots may be
 * read on the FX thread.
 */
public final class FrameStats {
  static final int SIZE = 600;
  private final long[] nanos = new long[SIZE];
  private int count;

  void record(long ns) {
    nanos[count % SIZE] = ns;
    count++;
  }

  public int frames() {
    return count;
  }

  /** The given percentile (0–100) of recorded frame times, in milliseconds. */
  public double percentileMs(double pct) {
    int n = Math.min(count, SIZE);
    if (n == 0) {
      return 0;
    }
    long[] copy = Arrays.copyOf(nanos, n);
    Arrays.sort(copy);
    int i = (int) Math.min(n - 1, Math.ceil(pct / 100 * n) - 1);
    return copy[Math.max(0, i)] / 1e6;
  }

  public void reset() {
    count = 0;
  }
}
