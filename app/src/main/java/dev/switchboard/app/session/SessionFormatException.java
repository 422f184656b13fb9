package dev.switchboard.app.session;

/** A file that is not a session Switchboard can read; the message says what it is instead. */
public final class SessionFormatException extends Exception {
  public SessionFormatException(String message) {
    super(message);
  }
}
