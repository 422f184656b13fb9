package dev.switchboard.app.ui;

import javafx.scene.control.Label;

/**
 * The keys a presenter has, in a line above the status bar while a session or a lesson is shown;
 * H hides it (and shows it again). FX thread.
 */
final class KeyHints extends Label {
  static final String SESSION = "Space play · ← → connection · ↑ ↓ stage · [ ] speed · B bookmark"
      + " · F fit · ± zoom · F11 full screen · Ctrl ± text · H hide";
  static final String LESSON = "PgDn next · PgUp back · Space play · 1–9 guess · R reveal ·"
      + " Z focus · F fit · ± zoom · F11 full screen · Ctrl ± text · H hide";

  private boolean session;
  private boolean lesson;
  private boolean hidden;

  KeyHints() {
    setId("key-hints");
    getStyleClass().add("sb-key-hints");
    setMaxWidth(Double.MAX_VALUE);
    setWrapText(true);
    refresh();
  }

  void session(boolean shown) {
    session = shown;
    refresh();
  }

  void lesson(boolean shown) {
    lesson = shown;
    refresh();
  }

  void toggle() {
    hidden = !hidden;
    refresh();
  }

  private void refresh() {
    boolean show = !hidden && (session || lesson);
    setText(lesson ? LESSON : SESSION);
    setVisible(show);
    setManaged(show);
  }
}
