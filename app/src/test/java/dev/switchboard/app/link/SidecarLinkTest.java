package dev.switchboard.app.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.capture.event.ConnectionClosed;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Hello;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.event.Rules;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The link against real sidecar processes: the stream, a wrong token, a sidecar restart. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SidecarLinkTest {
  @TempDir
  Path dir;

  final List<Event> events = new CopyOnWriteArrayList<>();
  final List<LinkStatus> statuses = new CopyOnWriteArrayList<>();

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private long count(Class<? extends Event> type) {
    return events.stream().filter(type::isInstance).count();
  }

  @Test
  void streamsEveryEventInOrderThenResumesAfterARestart() throws Exception {
    int port = SidecarProcess.freePort();
    SidecarLink link;
    try (SidecarProcess first = SidecarProcess.start(dir, port)) {
      link = new SidecarLink(first.url(), SidecarProcess.TOKEN, new CollectingIntake(events),
          statuses::add);
      link.start();
      await(() -> count(ConnectionClosed.class) == 18, "the 18 connections of the capture");
      assertTrue(events.get(0) instanceof Hello, "hello first");
      assertTrue(events.get(1) instanceof Rules, "then the rules: " + events.get(1));
      assertEquals("iptables", ((Rules) events.get(1)).mode());
      assertTrue(statuses.stream().anyMatch(s -> s.state() == LinkStatus.LinkState.STREAMING
          && "node1".equals(s.node())));
    }
    await(() -> statuses.stream().anyMatch(s -> s.state() == LinkStatus.LinkState.RETRYING),
        "the link to notice the sidecar is gone");
    try (SidecarProcess second = SidecarProcess.start(dir, port)) {
      assertEquals(port, second.url().getPort(), "the same address as before");
      await(() -> count(ConnectionClosed.class) == 36, "the restarted sidecar's events");
      List<Lost> lost = events.stream().filter(Lost.class::isInstance).map(Lost.class::cast)
          .toList();
      assertEquals(1, lost.size(), lost::toString);
      assertEquals("sidecar_restart", lost.get(0).reason());
      assertEquals(2, count(Hello.class));
    } finally {
      link.close();
    }
  }

  @Test
  void aQuietStreamIsShownBeforeTheReadTimeoutAndItsEndToo() throws Exception {
    try (SidecarProcess sidecar = SidecarProcess.start(dir, SidecarProcess.freePort())) {
      SidecarLink link = new SidecarLink(sidecar.url(), SidecarProcess.TOKEN,
          new CollectingIntake(events), statuses::add);
      link.start();
      try {
        await(() -> count(ConnectionClosed.class) == 18, "the 18 connections of the capture");
        await(link::hearsKeepalives, "the keepalive line after the hello");
        sidecar.freeze(true);
        await(() -> statuses.stream().anyMatch(s -> s.message().startsWith("no data from node"
            + " node1 for ")), "the quiet link said so");
        LinkStatus quiet = statuses.stream().filter(s -> s.message().startsWith("no data"))
            .findFirst().orElseThrow();
        assertEquals(LinkStatus.LinkState.STREAMING, quiet.state(), "still connected");
        assertTrue(quiet.message().contains("(it sends a line every 0.25 s)"),
            "the sidecar's keepalives set the bar, not its 5-s status line: " + quiet.message());
        assertTrue(statuses.indexOf(quiet) < statuses.size() && statuses.subList(0,
            statuses.indexOf(quiet)).stream().noneMatch(s -> s.state()
            == LinkStatus.LinkState.RETRYING), "said before the read timeout gave up on it");
        sidecar.freeze(false);
        await(() -> statuses.stream().anyMatch(s -> s.message().startsWith(
            "streaming from node node1 again, after")), "the stream heard from again");
      } finally {
        link.close();
      }
    }
  }

  @Test
  void aReaderThatStartsAfterTheReplayGetsTheWholeFile() throws Exception {
    Path big = RepeatedCapture.write(dir, 120); // more events than a live sidecar keeps
    try (SidecarProcess sidecar = SidecarProcess.start(dir, SidecarProcess.freePort(), big)) {
      await(() -> sidecarLog(sidecar).contains("replayed "), "the replay to end");
      assertTrue(sidecarLog(sidecar).contains("replayed 64200 packets of " + big.getFileName()),
          sidecarLog(sidecar));
      try (SidecarLink link = new SidecarLink(sidecar.url(), SidecarProcess.TOKEN,
          new CollectingIntake(events), statuses::add)) {
        link.start();
        await(() -> count(ConnectionClosed.class) == 18 * 120, "every connection of the file");
        assertTrue(events.get(1) instanceof Rules, "the rules published first: " + events.get(1));
        assertEquals(0, count(Lost.class));
      }
    }
  }

  private static String sidecarLog(SidecarProcess s) {
    try {
      return s.log();
    } catch (java.io.IOException e) {
      return "";
    }
  }

  @Test
  void aWrongTokenIsSaidPlainlyAndRetried() throws Exception {
    try (SidecarProcess sidecar = SidecarProcess.start(dir, SidecarProcess.freePort());
        SidecarLink link = new SidecarLink(sidecar.url(), "not-the-token",
            new CollectingIntake(events),
            statuses::add)) {
      link.start();
      await(() -> statuses.stream().anyMatch(s -> s.state() == LinkStatus.LinkState.RETRYING),
          "the refusal");
      LinkStatus refused = statuses.stream()
          .filter(s -> s.state() == LinkStatus.LinkState.RETRYING).findFirst().orElseThrow();
      assertTrue(refused.message().contains("refused the token (HTTP 401)"), refused.message());
      assertTrue(events.isEmpty());
    }
  }
}
