package dev.switchboard.app.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.trace.ClusterLookups;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.trace.CorrelationLoop;
import dev.switchboard.app.trace.Correlator;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.pcap.CaptureBytes;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A capture file as an event source: read at the correlator's pace, ended cleanly whatever happens. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CaptureFileTest {
  @TempDir
  Path dir;

  final List<LinkStatus> statuses = new CopyOnWriteArrayList<>();

  LinkStatus last() {
    return statuses.get(statuses.size() - 1);
  }

  @Test
  void aFileWaitsForASlowCorrelatorAndLosesNothing() throws Exception {
    Path big = RepeatedCapture.write(dir, 20);
    List<ConnectionTrace> traces = new CopyOnWriteArrayList<>();
    Correlator correlator = new Correlator(ClusterLookups.of(new ClusterStore()), 1_000_000_000L,
        t -> {
          traces.add(t);
          pause(2); // a slow consumer, like a terminal that is scrolled back
        });
    CorrelationLoop loop = new CorrelationLoop(64, correlator);
    loop.wallClock(false);
    CaptureFile file = new CaptureFile("node1", big, null, loop, s -> {
      statuses.add(s);
      if (s.state() == LinkStatus.LinkState.CLOSED || s.state() == LinkStatus.LinkState.FAILED) {
        loop.stop();
      }
    });
    file.start();
    loop.runFor(Long.MAX_VALUE);
    assertEquals(LinkStatus.LinkState.CLOSED, last().state(), last().message());
    assertEquals(18 * 20, traces.size(), "every connection of every copy");
    assertTrue(correlator.stats().snapshot().keySet().stream().noneMatch(k -> k.startsWith("lost")),
        correlator.stats().snapshot().toString());
  }

  @Test
  void anInternalErrorEndsTheSourceWithAReportedLoss() throws Exception {
    Path pcap = SidecarProcess.fixture(dir, "node1.pcap");
    List<Event> offered = new CopyOnWriteArrayList<>();
    AtomicInteger put = new AtomicInteger();
    EventIntake failing = new EventIntake() {
      @Override
      public void offer(Event e) {
        offered.add(e);
      }

      @Override
      public void put(Event e) {
        if (put.incrementAndGet() == 10) {
          throw new IllegalStateException("a bug below the source");
        }
      }
    };
    CaptureFile file = new CaptureFile("node1", pcap, null, failing, statuses::add);
    file.start();
    awaitEnd();
    assertEquals(LinkStatus.LinkState.FAILED, last().state());
    assertTrue(last().message().contains("stopped by an internal error (IllegalStateException: a"
        + " bug below the source at "), last().message());
    assertEquals("source_failed", ((Lost) offered.get(0)).reason());
  }

  @Test
  void aTooShortInterfaceBlockEndsTheFileAndSaysWhere() throws Exception {
    Path damaged = Files.write(dir.resolve("short-idb.pcapng"),
        CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).block(1, 12, new byte[0], 12)
            .iface(276, "any").bytes());
    List<Event> events = new CopyOnWriteArrayList<>();
    new CaptureFile("node1", damaged, null, new CollectingIntake(events), statuses::add).start();
    awaitEnd();
    assertEquals(LinkStatus.LinkState.FAILED, last().state());
    assertTrue(last().message().contains("interface description block at byte 28 is 12 bytes"
        + " long"), last().message());
  }

  private void awaitEnd() throws InterruptedException {
    while (statuses.isEmpty() || last().state() == LinkStatus.LinkState.CONNECTING
        || last().state() == LinkStatus.LinkState.STREAMING) {
      Thread.sleep(20);
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
