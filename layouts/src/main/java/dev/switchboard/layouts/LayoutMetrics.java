package dev.switchboard.layouts;

/**
 * Sizes the placement works with. Kept apart so the projector theme can lay out with bigger
 * cards. Immutable; any thread.
 */
public record LayoutMetrics(double podWidth, double podHeight, double serviceWidth,
    double serviceHeight, double gap, double regionHeader, double regionPadding) {

  public static final LayoutMetrics DEFAULT = new LayoutMetrics(196, 54, 236, 96, 16, 52, 14);

  public LayoutMetrics scaled(double factor) {
    return new LayoutMetrics(podWidth * factor, podHeight * factor, serviceWidth * factor,
        serviceHeight * factor, gap * factor, regionHeader * factor, regionPadding * factor);
  }
}
