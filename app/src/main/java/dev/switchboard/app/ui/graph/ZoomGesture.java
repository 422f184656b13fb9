package dev.switchboard.app.ui.graph;

import javafx.scene.CacheHint;
import javafx.scene.Node;
import javafx.scene.transform.Affine;

/**
 * A zoom under way (the wheel or a touchpad turning): the picture keeps the pixels it was last
 * drawn with and is scaled on screen to the current view, so a frame costs a composite, not a
 * redraw of every card and edge; once the wheel has rested for {@link #REST_NANOS} the picture is
 * drawn sharp again. The picture's layers are cached as one bitmap while the gesture lasts
 * (JavaFX node caching with {@link CacheHint#SCALE}): with the software pipeline, compositing
 * three scaled full-window layers a frame held a zoom to 25 fps. The viewport itself follows
 * every step, so clicks and the connections in flight use the view that is shown. FX thread.
 */
final class ZoomGesture {
  static final long REST_NANOS = 150_000_000L;

  private final Node picture;
  private double drawnScale = 1;
  private double drawnTx;
  private double drawnTy;
  private long lastStepNanos;
  private boolean active;

  /** @param picture the drawn layers (not the connections in flight, which keep moving) */
  ZoomGesture(Node picture) {
    this.picture = picture;
  }

  /** The layers were drawn at {@code view}. */
  void drawn(Viewport view) {
    drawnScale = view.scale;
    drawnTx = view.tx;
    drawnTy = view.ty;
  }

  /** The view moved by a step of the gesture: show the drawn layers where it now puts them. */
  void stepped(Viewport view, long nowNanos) {
    if (!active) {
      picture.setCacheHint(CacheHint.SCALE);
      picture.setCache(true);
    }
    active = true;
    lastStepNanos = nowNanos;
    double a = view.scale / drawnScale;
    picture.getTransforms().setAll(
        new Affine(a, 0, view.tx - drawnTx * a, 0, a, view.ty - drawnTy * a));
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
    picture.getTransforms().clear();
    // cached, every redraw of a layer would re-render the whole bitmap
    picture.setCache(false);
    picture.setCacheHint(CacheHint.DEFAULT);
    return true;
  }
}
