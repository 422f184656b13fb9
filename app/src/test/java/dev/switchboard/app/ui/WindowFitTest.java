package dev.switchboard.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

/** The window's size on a projector's screen, a laptop's, and a large monitor's. */
class WindowFitTest {
  @Test
  void theWindowIsNeverLargerThanTheScreensUsableArea() {
    assertEquals(new Dimension2D(1024, 740), WindowFit.size(1280, 800,
        new Rectangle2D(0, 28, 1024, 740)));
    assertEquals(new Dimension2D(1280, 800), WindowFit.size(1280, 800,
        new Rectangle2D(0, 0, 2560, 1440)));
    assertEquals(new Dimension2D(1280, 690), WindowFit.size(1280, 800,
        new Rectangle2D(1920, 0, 1366, 690)));
  }
}
