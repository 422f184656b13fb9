package dev.switchboard.layouts;

/** A saved-layout file that cannot be read; the message says why in one line. */
public final class LayoutFormatException extends Exception {
  public LayoutFormatException(String message) {
    super(message);
  }
}
