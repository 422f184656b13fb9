package dev.switchboard.app.ui.graph;

import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.PodPhase;

/** How a pod card is coloured and marked: one state, each with a glyph as well as a colour. */
public enum PodLook {
  READY("●"),
  NOT_READY("◐"),
  PENDING("○"),
  TERMINATING("✕"),
  SUCCEEDED("✓"),
  FAILED("▲");

  private final String glyph;

  PodLook(String glyph) {
    this.glyph = glyph;
  }

  public String glyph() {
    return glyph;
  }

  public static PodLook of(PodInfo p) {
    if (p.terminating()) {
      return TERMINATING;
    }
    if (p.phase() == PodPhase.FAILED) {
      return FAILED;
    }
    if (p.phase() == PodPhase.SUCCEEDED) {
      return SUCCEEDED;
    }
    if (p.phase() == PodPhase.PENDING || p.ip() == null) {
      return PENDING;
    }
    return p.ready() ? READY : NOT_READY;
  }
}
