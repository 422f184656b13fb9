package dev.switchboard.app.session;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.trace.Correlator;
import java.io.IOException;

/**
 * A whole session replayed at once, in the recording's order: cluster changes into a store, node
 * events into a correlator, then every connection finished. What the {@code replay} command and
 * exports build on; deterministic, since nothing but the file decides the order. Caller's thread.
 */
public final class SessionReplay {
  /**
   * @param damage where a damaged or cut file stopped, or null
   * @param ended whether the recording was closed (it has its end record), not cut
   */
  public record Summary(long records, String damage, boolean ended) {}

  private SessionReplay() {}

  public static Summary run(SessionReader reader, ClusterStore store, Correlator correlator)
      throws IOException {
    long records = 0;
    boolean ended = false;
    for (SessionRecord r = reader.next(); r != null; r = reader.next()) {
      records++;
      if (r instanceof SessionRecord.ClusterChange c) {
        ClusterChanges.apply(c, store);
      } else if (r instanceof SessionRecord.EventRecord e) {
        correlator.accept(e.event());
      } else if (r instanceof SessionRecord.End) {
        ended = true;
      }
    }
    correlator.flush();
    return new Summary(records, reader.damage(), ended);
  }
}
