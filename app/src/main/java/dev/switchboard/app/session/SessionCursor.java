package dev.switchboard.app.session;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.trace.ClusterLookups;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.trace.Correlator;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * A session positioned at a moment, ready to go on from there: the cluster as it was, a
 * correlator that knows every node's hello and rules, and a reader at the block a few seconds
 * before the moment (so the lookups and connections under way then are known). What a player
 * seeks with and what finds one connection's trace. One thread.
 */
final class SessionCursor implements AutoCloseable {
  /** Read before the moment, so what was under way then is correlated too. */
  static final long WARM_UP_NANOS = 5_000_000_000L;

  final ClusterStore store = new ClusterStore();
  final Correlator correlator;
  private final SessionReader reader;
  private SessionRecord peeked;

  private SessionCursor(SessionIndex index, long from, Consumer<ConnectionTrace> finished)
      throws IOException, SessionFormatException {
    correlator = new Correlator(ClusterLookups.of(store), Correlator.HOLD_NANOS, finished);
    SessionReader.Block block = blockBefore(index.blocks(), from - WARM_UP_NANOS);
    long before = block == null ? Long.MAX_VALUE : block.firstRecord();
    for (SessionIndex.Ordered<SessionRecord.ClusterChange> c : index.clusterChanges()) {
      if (c.ordinal() < before) {
        ClusterChanges.apply(c.value(), store);
      }
    }
    for (SessionIndex.Ordered<dev.switchboard.capture.event.Event> e : index.context()) {
      if (e.ordinal() < before) {
        correlator.accept(e.value());
      }
    }
    reader = block == null ? null : SessionReader.from(index.path(), block);
  }

  /** A cursor at {@code from}: records before it are still to be taken (see {@link #skipTo}). */
  static SessionCursor at(SessionIndex index, long from, Consumer<ConnectionTrace> finished)
      throws IOException, SessionFormatException {
    return new SessionCursor(index, from, finished);
  }

  /** The last block that starts before {@code nanos} (blocks are in time order, roughly). */
  private static SessionReader.Block blockBefore(List<SessionReader.Block> blocks, long nanos) {
    SessionReader.Block found = blocks.isEmpty() ? null : blocks.get(0);
    for (SessionReader.Block b : blocks) {
      if (b.firstNanos() <= nanos) {
        found = b;
      } else {
        break;
      }
    }
    return found;
  }

  /** Whether a clock paces the record: events and changes during the recording. */
  static boolean paced(SessionRecord r) {
    return r instanceof SessionRecord.EventRecord
        || r instanceof SessionRecord.ClusterChange c && !c.initial();
  }

  /** The next record, not yet taken; null at the end (or where a damaged file stops). */
  SessionRecord peek() throws IOException {
    if (peeked == null && reader != null) {
      peeked = reader.next();
    }
    return peeked;
  }

  /** Takes the peeked record: into the store (and {@code mirror}, if any) or the correlator. */
  SessionRecord take(ClusterStore mirror) throws IOException {
    SessionRecord r = peek();
    peeked = null;
    if (r instanceof SessionRecord.ClusterChange c) {
      ClusterChanges.apply(c, store);
      if (mirror != null) {
        ClusterChanges.apply(c, mirror);
      }
    } else if (r instanceof SessionRecord.EventRecord e) {
      correlator.accept(e.event());
    }
    return r;
  }

  /** Takes every record the clock would have reached by {@code nanos}. */
  void skipTo(long nanos) throws IOException {
    for (SessionRecord r = peek(); r != null && (!paced(r) || r.timestampNanos() < nanos);
        r = peek()) {
      take(null);
    }
    correlator.advanceTo(nanos);
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
    }
  }
}
