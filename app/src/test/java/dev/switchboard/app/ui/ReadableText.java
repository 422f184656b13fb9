package dev.switchboard.app.ui;

import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.text.Text;

/**
 * The smallest text a part of the window renders: every visible Text node under it (labels,
 * buttons and lists draw their words with one), its font size times the scale it is drawn at.
 * Call on the FX thread.
 */
final class ReadableText {
  /** The smallest text found: its size on screen (px) and its words; infinity when none. */
  record Smallest(double px, String text) {
    @Override
    public String toString() {
      return String.format(java.util.Locale.ROOT, "%.1f px (\"%s\")", px, text);
    }
  }

  private ReadableText() {}

  static Smallest smallest(Node root) {
    Smallest[] min = {new Smallest(Double.POSITIVE_INFINITY, "")};
    walk(root, min);
    return min[0];
  }

  private static void walk(Node n, Smallest[] min) {
    if (!n.isVisible()) {
      return;
    }
    if (n instanceof Text t && t.getText() != null && !t.getText().isBlank()) {
      double scale = n.getLocalToSceneTransform().getMyy();
      double px = t.getFont().getSize() * scale;
      if (px < min[0].px()) {
        min[0] = new Smallest(px, t.getText());
      }
    }
    if (n instanceof Parent p) {
      for (Node c : p.getChildrenUnmodifiable()) {
        walk(c, min);
      }
    }
  }
}
