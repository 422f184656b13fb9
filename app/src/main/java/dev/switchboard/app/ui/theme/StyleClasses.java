package dev.switchboard.app.ui.theme;

/** Style-class names used in base.css; the only place they are spelled. */
public final class StyleClasses {
  public static final String GRAPH_AREA = "sb-graph-area";
  public static final String SIDE_PANE = "sb-side-pane";
  public static final String PANE_TITLE = "sb-pane-title";
  public static final String MUTED = "sb-muted";
  public static final String INSPECTOR_TEXT = "sb-inspector-text";
  public static final String DIAGNOSTIC_ERROR = "sb-diagnostic-error";
  public static final String DIAGNOSTIC_WARNING = "sb-diagnostic-warning";
  public static final String DIAGNOSTIC_INFO = "sb-diagnostic-info";
  public static final String RULE_ROW = "sb-rule-row";
  public static final String RULE_ROW_CHOSEN = "sb-rule-row-chosen";
  public static final String BANNER = "sb-banner";
  public static final String STATUS_FAILED = "sb-status-failed";
  public static final String STATUS_RECONNECTING = "sb-status-reconnecting";
  public static final String STATUS_OK = "sb-status-ok";

  private StyleClasses() {}
}
