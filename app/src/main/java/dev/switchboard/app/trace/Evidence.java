package dev.switchboard.app.trace;

/**
 * How a stage of a trace is known. Immutable; any thread.
 *
 * <ul>
 *   <li>{@link #OBSERVED}: seen on the wire, in conntrack, or in the node's kube-proxy rules;
 *   <li>{@link #INFERRED}: follows from cluster state (or the only choice the rules allow) but was
 *       not seen;
 *   <li>{@link #UNKNOWN}: neither; the trace says so instead of guessing.
 * </ul>
 */
public enum Evidence {
  OBSERVED,
  INFERRED,
  UNKNOWN;

  /**
   * A shape for the level, readable without colour: ● observed, ◐ inferred, ? unknown; – for a
   * stage that is not part of the connection (null).
   */
  public static String mark(Evidence e) {
    return e == null ? "–" : switch (e) {
      case OBSERVED -> "●";
      case INFERRED -> "◐";
      case UNKNOWN -> "?";
    };
  }

  /** The word used in JSON and on screen. */
  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
