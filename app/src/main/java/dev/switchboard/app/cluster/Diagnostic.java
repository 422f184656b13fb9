package dev.switchboard.app.cluster;

/**
 * A problem the picture points at, with its likely cause in words. Immutable; any thread.
 *
 * @param code stable identifier (documented in docs/cli.md)
 */
public record Diagnostic(String code, Severity severity, String message) {

  public static final String NO_ENDPOINTS = "NO_ENDPOINTS";
  public static final String TARGET_PORT_UNMATCHED = "TARGET_PORT_UNMATCHED";
  public static final String TARGET_PORT_NAME_UNKNOWN = "TARGET_PORT_NAME_UNKNOWN";
  public static final String LOAD_BALANCER_PENDING = "LOAD_BALANCER_PENDING";
  public static final String ENDPOINTS_TERMINATING = "ENDPOINTS_TERMINATING";

  public enum Severity {
    ERROR,
    WARNING,
    INFO
  }
}
