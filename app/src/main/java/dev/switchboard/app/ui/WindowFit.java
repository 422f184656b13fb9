package dev.switchboard.app.ui;

import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import javafx.stage.Stage;

/**
 * Keeps the window on the screen it opens on: no larger than the screen's usable area (a
 * 1024×768 projector included) and placed inside it, title bar and all. FX thread.
 */
final class WindowFit {
  private WindowFit() {}

  /** The preferred size, shrunk to the screen's usable area. */
  static Dimension2D size(double width, double height, Rectangle2D screen) {
    return new Dimension2D(Math.min(width, screen.getWidth()), Math.min(height,
        screen.getHeight()));
  }

  /** Shrinks a shown window to the screen (decorations count) and moves it fully onto it. */
  static void place(Stage stage, Rectangle2D screen) {
    if (stage.getWidth() > screen.getWidth()) {
      stage.setWidth(screen.getWidth());
    }
    if (stage.getHeight() > screen.getHeight()) {
      stage.setHeight(screen.getHeight());
    }
    stage.setX(within(stage.getX(), screen.getMinX(), screen.getMaxX() - stage.getWidth()));
    stage.setY(within(stage.getY(), screen.getMinY(), screen.getMaxY() - stage.getHeight()));
  }

  private static double within(double v, double min, double max) {
    return Math.max(min, Math.min(max, v));
  }
}
