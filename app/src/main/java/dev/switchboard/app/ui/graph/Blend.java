package dev.switchboard.app.ui.graph;

/**
 * A 0→1 progress that restarts whenever a state changes, used to cross-fade the old and the new
 * status colour (a readiness flip is seen, not just swapped). Mutable; FX thread.
 */
final class Blend {
  private Object previous;
  private Object current;
  private long changedNs = Long.MIN_VALUE / 2;

  Blend(Object initial) {
    this.previous = initial;
    this.current = initial;
  }

  void set(Object state, long nowNs) {
    if (!state.equals(current)) {
      previous = current;
      current = state;
      changedNs = nowNs;
    }
  }

  Object previous() {
    return previous;
  }

  Object current() {
    return current;
  }

  double progress(long nowNs) {
    return Math.min(1, Math.max(0, (nowNs - changedNs) / (double) Fade.DURATION_NS));
  }

  boolean running(long nowNs) {
    return progress(nowNs) < 1;
  }
}
