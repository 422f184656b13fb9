package dev.switchboard.app.ui.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.layouts.Rect;
import org.junit.jupiter.api.Test;

/** Zooming to a lesson's focus, and where a held connection's legs meet its cards. */
class FramingTest {
  @Test
  void aFocusIsFramedWholeWithHeadroomForItsLabels() {
    Viewport v = new Viewport();
    Rect focus = new Rect(1000, 400, 600, 300);
    v.frame(focus, 600, 500);
    double left = focus.x() * v.scale + v.tx;
    double right = (focus.x() + focus.width()) * v.scale + v.tx;
    double top = focus.y() * v.scale + v.ty;
    double bottom = (focus.y() + focus.height()) * v.scale + v.ty;
    assertTrue(left >= 0 && right <= 600 && bottom <= 500, left + " " + right + " " + bottom);
    assertTrue(top >= 0.3 * focus.height() * v.scale - 1e-9, "room above the top cards: " + top);
    assertTrue(v.scale < 1, "zoomed out to fit: " + v.scale);
  }

  @Test
  void aSmallFocusIsNotMagnifiedBeyondOneAndAHalf() {
    Viewport v = new Viewport();
    v.frame(new Rect(0, 0, 50, 20), 1000, 800);
    assertEquals(1.5, v.scale, 1e-9);
  }

  @Test
  void aLegLeavesItsCardAtTheEdgeFacingTheOtherEnd() {
    double[] card = {100, 100, 200, 50};
    double[] centre = {200, 125};
    assertArrayEquals(new double[] {300, 125}, TrafficOverlay.edge(card, centre,
        new double[] {600, 125}), 1e-9, "straight right: the right edge");
    assertArrayEquals(new double[] {200, 150}, TrafficOverlay.edge(card, centre,
        new double[] {200, 400}), 1e-9, "straight down: the bottom edge");
    double[] diagonal = TrafficOverlay.edge(card, centre, new double[] {400, 325});
    assertEquals(150, diagonal[1], 1e-9, "a steep way out leaves by the bottom");
    assertArrayEquals(centre, TrafficOverlay.edge(null, centre, new double[] {0, 0}), 1e-9,
        "no card (a client outside the picture): its point");
  }
}
