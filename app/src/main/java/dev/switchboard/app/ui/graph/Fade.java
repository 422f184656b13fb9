package dev.switchboard.app.ui.graph;

/**
 * An opacity that eases from one value to another over a fixed time: fade in on arrival, fade
 * out before removal. Mutable; FX thread.
 */
final class Fade {
  static final long DURATION_NS = 700_000_000L;

  private double from;
  private double to;
  private long startNs;

  Fade(double initial) {
    this.from = initial;
    this.to = initial;
  }

  static Fade in(long nowNs) {
    Fade f = new Fade(0);
    f.to(1, nowNs);
    return f;
  }

  void to(double target, long nowNs) {
    from = value(nowNs);
    to = target;
    startNs = nowNs;
  }

  double value(long nowNs) {
    double t = Math.min(1, Math.max(0, (nowNs - startNs) / (double) DURATION_NS));
    double eased = t * t * (3 - 2 * t);
    return from + (to - from) * eased;
  }

  boolean running(long nowNs) {
    return nowNs - startNs < DURATION_NS && from != to;
  }

  double target() {
    return to;
  }
}
