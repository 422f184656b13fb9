package dev.switchboard.app.ui.theme;

/**
 * The token sets the app ships: each is a CSS file of -sb-* colours plus a scale for the canvas
 * (type and cards grow together, so the projector theme stays readable at 1024×768).
 */
public enum Theme {
  LIGHT("Light", "light.css", 1.0),
  DARK("Dark", "dark.css", 1.0),
  PROJECTOR("Projector", "projector.css", 1.6);

  public static final String BASE = "/dev/switchboard/assets/themes/base.css";
  private static final String DIR = "/dev/switchboard/assets/themes/";

  private final String label;
  private final String file;
  private final double scale;

  Theme(String label, String file, double scale) {
    this.label = label;
    this.file = file;
    this.scale = scale;
  }

  public String resource() {
    return DIR + file;
  }

  public double scale() {
    return scale;
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
