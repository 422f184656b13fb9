package dev.switchboard.app.cluster;

import java.util.List;

/**
 * Where a cluster source stands, for the status bar and the CLI: a phase, one headline, and
 * detail lines (per-resource progress, warnings). Immutable; any thread.
 */
public record SourceStatus(Phase phase, String headline, List<String> details) {

  public enum Phase {
    CONNECTING,
    SYNCING,
    SYNCED,
    RECONNECTING,
    FAILED,
    /** A file: complete, nothing more will arrive. */
    OFFLINE
  }

  public boolean ready() {
    return phase == Phase.SYNCED || phase == Phase.OFFLINE || phase == Phase.RECONNECTING;
  }
}
