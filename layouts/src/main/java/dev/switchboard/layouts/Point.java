package dev.switchboard.layouts;

/** A position in layout units (1 unit = 1 px at zoom 1). Immutable; any thread. */
public record Point(double x, double y) {}
