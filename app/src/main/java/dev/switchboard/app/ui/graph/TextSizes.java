package dev.switchboard.app.ui.graph;

/**
 * The smallest text a layer drew on screen since it was last cleared, in screen pixels (font size
 * times zoom): what a projector test reads to prove the picture is legible, and what the
 * lesson's zoom to focus aims for. FX thread.
 */
final class TextSizes {
  private double min = Double.POSITIVE_INFINITY;

  void reset() {
    min = Double.POSITIVE_INFINITY;
  }

  void saw(double px) {
    min = Math.min(min, px);
  }

  /** Infinity when nothing was written. */
  double min() {
    return min;
  }
}
