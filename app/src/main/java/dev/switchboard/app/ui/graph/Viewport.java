package dev.switchboard.app.ui.graph;

import dev.switchboard.layouts.Rect;

/**
 * Pan and zoom: screen = world × scale + offset. Mutable; FX thread.
 */
final class Viewport {
  static final double MIN_SCALE = 0.05;
  static final double MAX_SCALE = 4;

  double scale = 1;
  double tx;
  double ty;

  double toWorldX(double sx) {
    return (sx - tx) / scale;
  }

  double toWorldY(double sy) {
    return (sy - ty) / scale;
  }

  void zoomAt(double factor, double sx, double sy) {
    double ns = Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale * factor));
    double wx = toWorldX(sx);
    double wy = toWorldY(sy);
    scale = ns;
    tx = sx - wx * ns;
    ty = sy - wy * ns;
  }

  /**
   * Fits {@code bounds} with a margin around them (a lesson's focus, not the whole picture), and
   * headroom above for what is labelled over the top cards (a stage's name, an outside client).
   */
  void frame(Rect bounds, double width, double height) {
    double m = Math.max(bounds.width(), bounds.height()) * 0.06;
    double top = Math.max(m, bounds.height() * 0.3);
    fit(new Rect(bounds.x() - m, bounds.y() - top, bounds.width() + 2 * m,
        bounds.height() + m + top), width, height);
  }

  void fit(Rect bounds, double width, double height) {
    if (bounds.width() <= 0 || bounds.height() <= 0 || width <= 0 || height <= 0) {
      return;
    }
    scale = Math.max(MIN_SCALE, Math.min(1.5, Math.min(width / bounds.width(),
        height / bounds.height())));
    tx = (width - bounds.width() * scale) / 2 - bounds.x() * scale;
    ty = Math.max(0, (height - bounds.height() * scale) / 2) - bounds.y() * scale;
  }
}
