package dev.switchboard.app.cli;

import dev.switchboard.app.cluster.ClusterSource;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.SourceStatus;
import dev.switchboard.app.cluster.kube.KubeconfigException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/** Starts the cluster source a command's options name and waits for its sync. Main thread. */
final class ClusterSync {
  private ClusterSync() {}

  /**
   * The started, synced source filling {@code store}; null after printing a one-line reason
   * (broken kubeconfig, unreachable or forbidding server, unreadable dump, timeout).
   */
  static ClusterSource start(SourceOptions options, ClusterStore store, Map<String, String> env,
      Duration timeout, PrintStream err) {
    ClusterSource source;
    try {
      source = options.open(store, env);
    } catch (KubeconfigException e) {
      err.println("switchboard: " + e.getMessage());
      return null;
    }
    source.start();
    boolean synced;
    try {
      synced = source.awaitSynced(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      source.close();
      return null;
    }
    if (!synced) {
      SourceStatus status = source.status();
      err.println("switchboard: " + (status.phase() == SourceStatus.Phase.FAILED
          ? status.headline() : "not synced after " + timeout.toSeconds() + " s: "
          + status.headline()));
      source.close();
      return null;
    }
    return source;
  }

  static long parseSeconds(String value) throws UsageException {
    try {
      long s = Long.parseLong(value);
      if (s <= 0) {
        throw new NumberFormatException();
      }
      return s;
    } catch (NumberFormatException e) {
      throw new UsageException("--timeout takes a positive number of seconds, not " + value);
    }
  }
}
