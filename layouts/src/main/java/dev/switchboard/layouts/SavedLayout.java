package dev.switchboard.layouts;

import java.util.Map;

/**
 * The saved-layout document (format in docs/layout-format.md): pins the user dragged, and the
 * slot of every Service and pod so that a reopened picture looks the same. Immutable; any thread.
 */
public record SavedLayout(int version, Map<String, Point> pins, Map<String, Integer> serviceSlots,
    Map<String, Integer> regionColumns, Map<String, Map<String, Integer>> regionSlots,
    int serviceColumns) {

  public static final int CURRENT_VERSION = 1;
  public static final String FORMAT = "switchboard-layout";
}
