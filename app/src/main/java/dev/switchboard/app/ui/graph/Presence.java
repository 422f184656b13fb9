package dev.switchboard.app.ui.graph;

/**
 * Whether a drawn thing is arriving, staying or leaving, and its opacity meanwhile: it fades in
 * when it appears and fades out before it is removed; one that comes back while fading out fades
 * in again. Shared by cards and edges. Mutable; FX thread.
 */
final class Presence {
  final Fade fade;
  private boolean leaving;

  Presence(long nowNs) {
    this.fade = Fade.in(nowNs);
  }

  boolean leaving() {
    return leaving;
  }

  void stay(long nowNs) {
    if (leaving) {
      leaving = false;
      fade.to(1, nowNs);
    }
  }

  void leave(long nowNs) {
    if (!leaving) {
      leaving = true;
      fade.to(0, nowNs);
    }
  }

  double alpha(long nowNs) {
    return fade.value(nowNs);
  }
}
