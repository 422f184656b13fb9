package dev.switchboard.capture.kubeproxy;

/** Rules text that cannot be read; the message names the line. */
public final class RuleFormatException extends Exception {
  public RuleFormatException(String message) {
    super(message);
  }
}
