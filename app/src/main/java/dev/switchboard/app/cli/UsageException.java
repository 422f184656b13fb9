package dev.switchboard.app.cli;

/** Bad command-line use; the message is printed with a pointer to --help, exit code 2. */
public final class UsageException extends Exception {
  public UsageException(String message) {
    super(message);
  }
}
