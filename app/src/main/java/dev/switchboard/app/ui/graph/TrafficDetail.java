package dev.switchboard.app.ui.graph;

/**
 * How connections in the air are drawn: along their whole way while few, as dots with a short
 * tail once more than {@link #TAILS_ABOVE} fly at once, and whole again below {@link
 * #WHOLE_WAYS_BELOW} (the gap keeps a busy picture from switching back and forth). Hundreds of
 * crossing lines are unreadable, and with the software pipeline rasterizing them held a
 * 1,000-pod picture under 55 fps (docs/benchmarks.md). FX thread.
 */
final class TrafficDetail {
  static final int TAILS_ABOVE = 60;
  static final int WHOLE_WAYS_BELOW = 40;

  private boolean tails;

  /** Whether this frame draws tails, with {@code inAir} connections flying. */
  boolean tails(int inAir) {
    tails = inAir > TAILS_ABOVE || (tails && inAir >= WHOLE_WAYS_BELOW);
    return tails;
  }
}
