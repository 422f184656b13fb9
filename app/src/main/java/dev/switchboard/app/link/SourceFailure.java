package dev.switchboard.app.link;

/**
 * Words for an unexpected exception that ended a source: the exception and where it was thrown,
 * enough to report it, without a stack trace in the status bar. Stateless; any thread.
 */
public final class SourceFailure {
  private SourceFailure() {}

  public static String describe(Throwable t) {
    StackTraceElement[] at = t.getStackTrace();
    String where = at.length == 0 ? "" : " at " + at[0].getClassName()
        .substring(at[0].getClassName().lastIndexOf('.') + 1) + "." + at[0].getMethodName()
        + ":" + at[0].getLineNumber();
    return "an internal error (" + t.getClass().getSimpleName()
        + (t.getMessage() == null ? "" : ": " + t.getMessage()) + where + ")";
  }
}
