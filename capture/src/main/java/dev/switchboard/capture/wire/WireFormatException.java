package dev.switchboard.capture.wire;

/** A line that is not a v1 event; the message says why. */
public final class WireFormatException extends Exception {
  public WireFormatException(String message) {
    super(message);
  }
}
