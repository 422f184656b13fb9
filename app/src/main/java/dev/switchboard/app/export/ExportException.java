package dev.switchboard.app.export;

/** An export that cannot be made, said in one line for the user; nothing was left behind. */
public final class ExportException extends Exception {
  public ExportException(String message) {
    super(message);
  }
}
