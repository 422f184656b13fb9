package dev.switchboard.app.ui.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrafficDetailTest {
  @Test
  void tailsWhenBusyWithAGapBeforeWholeWaysReturn() {
    TrafficDetail d = new TrafficDetail();
    assertFalse(d.tails(1));
    assertFalse(d.tails(TrafficDetail.TAILS_ABOVE), "up to the threshold: whole ways");
    assertTrue(d.tails(TrafficDetail.TAILS_ABOVE + 1));
    assertTrue(d.tails(TrafficDetail.WHOLE_WAYS_BELOW), "still busy enough: tails stay");
    assertFalse(d.tails(TrafficDetail.WHOLE_WAYS_BELOW - 1));
    assertFalse(d.tails(TrafficDetail.TAILS_ABOVE), "climbing back: whole ways until above");
  }

  @Test
  void aTailIsCutToItsLengthAndNeverPassesTheLegsStart() {
    double[] dot = {100, 100};
    assertArrayEquals(new double[] {100, 44}, TrafficOverlay.towards(dot, new double[] {100, 0},
        56), 1e-9);
    assertArrayEquals(new double[] {100, 80}, TrafficOverlay.towards(dot, new double[] {100, 80},
        56), 1e-9, "a dot near its leg's start: the tail ends there");
  }
}
