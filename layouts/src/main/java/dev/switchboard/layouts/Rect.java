package dev.switchboard.layouts;

/** An axis-aligned box in layout units. Immutable; any thread. */
public record Rect(double x, double y, double width, double height) {

  public boolean contains(double px, double py) {
    return px >= x && px <= x + width && py >= y && py <= y + height;
  }

  /** The smallest box holding both. */
  public Rect union(Rect o) {
    double x0 = Math.min(x, o.x);
    double y0 = Math.min(y, o.y);
    return new Rect(x0, y0, Math.max(x + width, o.x + o.width) - x0,
        Math.max(y + height, o.y + o.height) - y0);
  }

  public double centerX() {
    return x + width / 2;
  }

  public double centerY() {
    return y + height / 2;
  }
}
