package dev.switchboard.app.ui.graph;

import javafx.geometry.Point2D;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;

/** A primary-button click fired at a point of the picture, as the mouse would. FX thread. */
final class Clicks {
  private Clicks() {}

  /** Presses and releases at {@code at} (screen coordinates). */
  static void at(GraphView graph, Point2D at) {
    Point2D local = graph.screenToLocal(at);
    for (javafx.event.EventType<MouseEvent> t : java.util.List.of(MouseEvent.MOUSE_PRESSED,
        MouseEvent.MOUSE_RELEASED)) {
      graph.fireEvent(new MouseEvent(t, local.getX(), local.getY(), at.getX(), at.getY(),
          MouseButton.PRIMARY, 1, false, false, false, false, true, false, false, false, false,
          false, null));
    }
  }
}
