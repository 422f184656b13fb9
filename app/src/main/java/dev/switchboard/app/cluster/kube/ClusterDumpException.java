package dev.switchboard.app.cluster.kube;

/** A file that is not a readable cluster dump; the message says what and where, in one line. */
public final class ClusterDumpException extends Exception {
  public ClusterDumpException(String message) {
    super(message);
  }

  public ClusterDumpException(String message, Throwable cause) {
    super(message, cause);
  }
}
