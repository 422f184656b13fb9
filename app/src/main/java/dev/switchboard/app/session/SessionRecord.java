package dev.switchboard.app.session;

import dev.switchboard.app.cluster.ChangeKind;
import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.link.LinkStatus;
import dev.switchboard.capture.event.Event;
import java.util.List;

/**
 * One line of a session file (docs/session-format.md): what a recording saw, in the order it saw
 * it. Immutable; any thread.
 */
public sealed interface SessionRecord {
  /** When it happened (epoch ns); for a bookmark, the moment of the timeline it marks. */
  long timestampNanos();

  /** The first record: what was recorded, by what, from where. */
  record Start(long timestampNanos, int format, String app, String cluster, List<String> sources)
      implements SessionRecord {}

  /**
   * A cluster object put or removed, as the store applied it.
   *
   * @param object the new state; null when removed
   * @param initial part of the state at the start of the recording, not a change during it
   */
  record ClusterChange(long timestampNanos, ChangeKind kind, ObjectKey key, Object object,
      boolean initial) implements SessionRecord {}

  /** A node's event as its source delivered it (the wire format's events). */
  record EventRecord(Event event) implements SessionRecord {
    @Override
    public long timestampNanos() {
      return event.timestampNanos();
    }
  }

  /** A source's state changed: connecting, streaming, retrying with the reason, ended. */
  record Link(long timestampNanos, LinkStatus status) implements SessionRecord {}

  /**
   * A note on the timeline; a later record with the same id replaces it, {@code removed} deletes
   * it.
   */
  record Bookmark(long timestampNanos, String id, String note, boolean removed)
      implements SessionRecord {}

  /** The last record of a recording that was closed (not cut): why it ended. */
  record End(long timestampNanos, String reason) implements SessionRecord {}
}
