package dev.switchboard.app.export;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.session.ClusterChanges;
import dev.switchboard.app.session.SessionFormatException;
import dev.switchboard.app.session.SessionIndex;
import dev.switchboard.app.session.SessionReader;
import dev.switchboard.app.session.SessionRecord;
import dev.switchboard.app.trace.ClusterLookups;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.trace.Correlator;
import dev.switchboard.capture.event.PacketCaptured;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A session read once for an export: its traces (the same as {@code replay} gives), the cluster
 * at its end (with each IP's owners over time), the names of its addresses, its timeline's zero
 * and how many packets it holds. Caller's thread.
 */
final class SessionTraces {
  final List<ConnectionTrace> traces = new ArrayList<>();
  final ClusterStore store = new ClusterStore();
  final AddressNames names = new AddressNames();
  /** The timeline's zero, as the window shows it (0 when the session has no events). */
  long zeroNanos = Long.MAX_VALUE;
  long packets;
  String damage;

  static SessionTraces read(Path file) throws ExportException {
    SessionTraces s = new SessionTraces();
    Correlator correlator = new Correlator(ClusterLookups.of(s.store), Correlator.HOLD_NANOS, s.traces::add);
    try (InputStream in = Files.newInputStream(file); SessionReader reader = new SessionReader(in)) {
      long start = 0;
      for (SessionRecord r = reader.next(); r != null; r = reader.next()) {
        if (SessionIndex.onTimeline(r)) {
          s.zeroNanos = Math.min(s.zeroNanos, r.timestampNanos());
        }
        if (r instanceof SessionRecord.Start st) {
          start = st.timestampNanos();
        } else if (r instanceof SessionRecord.ClusterChange c) {
          ClusterChanges.apply(c, s.store);
          s.names.saw(c);
        } else if (r instanceof SessionRecord.EventRecord e) {
          if (e.event() instanceof PacketCaptured) {
            s.packets++;
          } else {
            correlator.accept(e.event());
          }
        }
      }
      correlator.flush();
      s.damage = reader.damage();
      if (s.zeroNanos == Long.MAX_VALUE) {
        s.zeroNanos = start;
      }
    } catch (SessionFormatException | IOException e) {
      throw new ExportException("cannot read the session " + file + ": " + e.getMessage());
    }
    return s;
  }
}
