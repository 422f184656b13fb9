package dev.switchboard.layouts;

/** An axis-aligned box in layout units. Immutable; any thread. */
public record Rect(double x, double y, double width, double height) {

  public boolean contains(double px, double py) {
    return px >= x && px <= x + width && py >= y && py <= y + height;
  }

  public double centerX() {
    return x + width / 2;
  }

  public double centerY() {
    return y + height / 2;
  }
}
