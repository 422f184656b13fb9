package dev.switchboard.app.cluster.kube;

/**
 * Hears how each LIST and WATCH request of one resource went. {@link #failed} runs on the
 * reflector thread and may sleep there: that sleep is the reconnect backoff.
 */
interface ConnectionMonitor {
  void succeeded();

  /**
   * A LIST completed. {@code requestedVersion} is what the reflector asked for: "0" at first,
   * "" after a 410 Gone made it give up its resourceVersion, else the version it resumes from.
   */
  void listed(String requestedVersion);

  void failed(Exception error);
}
