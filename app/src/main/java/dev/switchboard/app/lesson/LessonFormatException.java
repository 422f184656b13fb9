package dev.switchboard.app.lesson;

/** A lesson file that cannot be used; the message says which step and field, and why. */
public final class LessonFormatException extends Exception {
  public LessonFormatException(String message) {
    super(message);
  }
}
