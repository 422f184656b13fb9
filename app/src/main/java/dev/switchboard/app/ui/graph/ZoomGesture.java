package dev.switchboard.app.ui.graph;

import java.util.List;
import javafx.scene.canvas.Canvas;
import javafx.scene.transform.Affine;

/**
 * A zoom under way (the wheel or a touchpad turning): the layers keep the pixels they were last
 * drawn with and are scaled on screen to the current view, so a frame costs a composite, not a
 * redraw of every card and edge; once the wheel has rested for {@link #REST_NANOS} the picture is
 * drawn sharp again. The viewport itself follows every step, so clicks and the connections in
 * flight use the view that is shown. FX thread.
 */
final class ZoomGesture {
  static final long REST_NANOS = 150_000_000L;

  private final List<Canvas> layers;
  private double drawnScale = 1;
  private double drawnTx;
  private double drawnTy;
  private long lastStepNanos;
  private boolean active;

  ZoomGesture(List<Canvas> layers) {
    this.layers = layers;
  }

  /** The layers were drawn at {@code view}. */
  void drawn(Viewport view) {
    drawnScale = view.scale;
    drawnTx = view.tx;
    drawnTy = view.ty;
  }

  /** The view moved by a step of the gesture: show the drawn layers where it now puts them. */
  void stepped(Viewport view, long nowNanos) {
    active = true;
    lastStepNanos = nowNanos;
    double a = view.scale / drawnScale;
    Affine drawnToNow = new Affine(a, 0, view.tx - drawnTx * a, 0, a, view.ty - drawnTy * a);
    for (Canvas c : layers) {
      c.getTransforms().setAll(drawnToNow);
    }
  }

  boolean active() {
    return active;
  }

  /** True once, when the gesture has just come to rest: the layers are due a sharp redraw. */
  boolean rested(long nowNanos) {
    if (!active || nowNanos - lastStepNanos < REST_NANOS) {
      return false;
    }
    active = false;
    for (Canvas c : layers) {
      c.getTransforms().clear();
    }
    return true;
  }
}
