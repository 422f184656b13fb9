package dev.switchboard.app.ui.theme;

/**
 * The token sets the app ships: each is a CSS file of -sb-* colours plus a scale for the canvas
 * (type and cards grow together, so the projector theme stays readable at 1024×768).
 */
public enum Theme {
  LIGHT("Light", "light.css", 1.0, 0, 13),
  DARK("Dark", "dark.css", 1.0, 0, 13),
  PROJECTOR("Projector", "projector.css", 1.6, 24, 18);

  public static final String BASE = "/dev/switchboard/assets/themes/base.css";
  private static final String DIR = "/dev/switchboard/assets/themes/";

  private final String label;
  private final String file;
  private final double scale;
  private final double readablePx;
  private final double fontPx;

  Theme(String label, String file, double scale, double readablePx, double fontPx) {
    this.label = label;
    this.file = file;
    this.scale = scale;
    this.readablePx = readablePx;
    this.fontPx = fontPx;
  }

  /** The controls' text size (the panes' text in the projector theme is a third larger). */
  public double fontPx() {
    return fontPx;
  }

  public String resource() {
    return DIR + file;
  }

  public double scale() {
    return scale;
  }

  /**
   * The smallest text the picture shows on screen, whatever the zoom: 24 px on a projector, to be
   * read from the back of a room (card lines that no longer fit at that size are left out); 0
   * where text simply follows the zoom.
   */
  public double readablePx() {
    return readablePx;
  }

  @Override
  public String toString() {
    return label;
  }

  public static Theme parse(String name) {
    for (Theme t : values()) {
      if (t.name().equalsIgnoreCase(name) || t.label.equalsIgnoreCase(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown theme " + name + " (light, dark, projector)");
  }
}
