package dev.switchboard.app.session;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.trace.ClusterLookups;
import dev.switchboard.app.trace.Correlator;
import dev.switchboard.capture.wire.WireFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets for sessions, which users send each other: the container (header, blocks,
 * checksums, compression) and, behind it, the records replayed into a cluster store and the
 * correlator. A target fails if anything unchecked escapes, hangs or runs out of memory. In a
 * normal test run each replays its kept corpus (src/test/resources/…/SessionFuzzTestInputs/…);
 * with JAZZER_FUZZ=1 (briefly in CI) it fuzzes.
 */
class SessionFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void sessionFiles(byte[] input) throws IOException {
    try (SessionReader reader = new SessionReader(new ByteArrayInputStream(input))) {
      replay(reader);
    } catch (SessionFormatException e) {
      // refused with what the file is
    }
  }

  @FuzzTest(maxDuration = "20s")
  void sessionRecords(byte[] input) {
    // Records as the lines of a block whose checksum was right: the decoder and what the
    // replay does with what it accepts.
    ClusterStore store = new ClusterStore();
    Correlator correlator = new Correlator(ClusterLookups.of(store), 1_000_000_000L, t -> { });
    for (String line : new String(input, StandardCharsets.UTF_8).split("\n")) {
      try {
        SessionRecord r = SessionCodec.decode(line);
        if (r instanceof SessionRecord.ClusterChange c) {
          ClusterChanges.apply(c, store);
          store.read(i -> i.services().stream().map(i::endpointsOf).count());
        } else if (r instanceof SessionRecord.EventRecord e) {
          correlator.accept(e.event());
        }
      } catch (WireFormatException e) {
        // refused with a reason
      }
    }
    correlator.flush();
  }

  private static void replay(SessionReader reader) throws IOException {
    ClusterStore store = new ClusterStore();
    SessionReplay.run(reader, store,
        new Correlator(ClusterLookups.of(store), 1_000_000_000L, t -> { }));
  }
}
