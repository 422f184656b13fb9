package dev.switchboard.app.ui;

import dev.switchboard.app.ui.theme.Theme;
import javafx.scene.Parent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * Larger or smaller text for the window's panes and controls (Ctrl+= / Ctrl+- / Ctrl+0), on top
 * of the theme's size: for a room that sits further back than the projector theme assumes. The
 * picture's text follows its zoom instead. FX thread.
 */
final class TextSize {
  static final double MIN = 0.7;
  static final double MAX = 2.0;
  private double factor = 1;

  double factor() {
    return factor;
  }

  /** True when the key changed the size (the caller re-applies it). */
  boolean key(KeyEvent e) {
    KeyCode c = e.getCode();
    double before = factor;
    if (c == KeyCode.EQUALS || c == KeyCode.PLUS || c == KeyCode.ADD) {
      factor = Math.min(MAX, Math.round((factor + 0.1) * 10) / 10.0);
    } else if (c == KeyCode.MINUS || c == KeyCode.SUBTRACT) {
      factor = Math.max(MIN, Math.round((factor - 0.1) * 10) / 10.0);
    } else if (c == KeyCode.DIGIT0 || c == KeyCode.NUMPAD0) {
      factor = 1;
    } else {
      return false;
    }
    return factor != before || c == KeyCode.DIGIT0 || c == KeyCode.NUMPAD0;
  }

  void apply(Parent root, Theme theme) {
    root.setStyle(String.format(java.util.Locale.ROOT, "-fx-font-size: %.1fpx;",
        theme.fontPx() * factor));
  }
}
