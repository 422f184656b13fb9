package dev.switchboard.capture.sidecar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Hello;
import dev.switchboard.capture.event.PacketCaptured;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.event.Rules;
import dev.switchboard.capture.wire.Envelope;
import dev.switchboard.capture.wire.EventCodec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SidecarServerTest {
  static final String TOKEN = "s3cret-token-0123456789";
  @TempDir Path tmp;
  EventHub hub;
  EventHub packets;
  SidecarServer server;

  @BeforeEach
  void start() throws Exception {
    Path tokenFile = tmp.resolve("token");
    Files.writeString(tokenFile, TOKEN + "\n");
    hub = new EventHub("node1", 8);
    Hello hello = new Hello(1, "node1", Hello.VERSION, List.of("any"), LiveCapture.FILTER, 512,
        "iptables", null, false);
    Rules rules = new Rules(2, "node1", "iptables", List.of());
    server = new SidecarServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        Tokens.fromFile(tokenFile), hub, packets = new EventHub("node1", 8), "node1", () -> hello, () -> Map.of("events", hub.lastSeq()),
        () -> rules);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpURLConnection get(String path, String token) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:" + server.port() + path)
        .openConnection();
    if (token != null) {
      c.setRequestProperty("Authorization", "Bearer " + token);
    }
    c.setReadTimeout(5000);
    return c;
  }

  private static Lost lost(long t) {
    return new Lost(t, "node1", "kernel_drop", t, t, t);
  }

  @Test
  void everyPathNeedsTheToken() throws Exception {
    for (String path : List.of("/v1/events", "/v1/packets", "/v1/status", "/v1/rules")) {
      assertEquals(401, get(path, null).getResponseCode(), path);
      assertEquals(401, get(path, "wrong-token-0123456789").getResponseCode(), path);
    }
    assertEquals(200, get("/v1/status", TOKEN).getResponseCode());
    assertEquals(404, get("/v1/nope", TOKEN).getResponseCode());
  }

  /** The next event of a stream, past its keepalives (empty lines). */
  private static Envelope next(BufferedReader r) throws Exception {
    String line = r.readLine();
    while (line != null && line.isEmpty()) {
      line = r.readLine();
    }
    return line == null ? null : EventCodec.decode(line);
  }

  @Test
  void aStreamSaysItHasKeepalivesAndSendsThemWhenQuiet() throws Exception {
    HttpURLConnection c = get("/v1/events", TOKEN);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(),
        StandardCharsets.UTF_8))) {
      assertTrue(EventCodec.decode(r.readLine()).event() instanceof Hello);
      assertEquals("", r.readLine(), "a keepalive right after the hello");
      assertEquals("", r.readLine(), "and another while nothing happens");
      hub.publish(lost(1));
      assertEquals(1, next(r).seq());
    }
  }

  @Test
  void packetsComeOnTheirOwnStreamNumberedOnTheirOwn() throws Exception {
    hub.publish(lost(1));
    PacketCaptured p = PacketCaptured.of(5, "node1", "eth0", 1, 60, new byte[] {1, 2, 3});
    packets.publish(p);
    HttpURLConnection c = get("/v1/packets", TOKEN);
    assertEquals(200, c.getResponseCode());
    try (BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(),
        StandardCharsets.UTF_8))) {
      assertTrue(next(r).event() instanceof Hello);
      Envelope first = next(r);
      assertEquals(1, first.seq());
      assertEquals(p, first.event());
      assertArrayEquals(new byte[] {1, 2, 3}, ((PacketCaptured) first.event()).bytes());
    }
    assertEquals(1, hub.lastSeq(), "the event stream's numbering is its own");
  }

  @Test
  void streamsHelloBacklogThenLiveInOrder() throws Exception {
    hub.publish(lost(1));
    hub.publish(lost(2));
    HttpURLConnection c = get("/v1/events", TOKEN);
    assertEquals(200, c.getResponseCode());
    try (BufferedReader r = new BufferedReader(new InputStreamReader(c.getInputStream(),
        StandardCharsets.UTF_8))) {
      assertTrue(next(r).event() instanceof Hello);
      assertEquals(1, next(r).seq());
      assertEquals(2, next(r).seq());
      hub.publish(lost(3));
      Envelope live = next(r);
      assertEquals(3, live.seq());
      assertEquals(lost(3), live.event());
    }
    HttpURLConnection after = get("/v1/events?after=2", TOKEN);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(after.getInputStream(),
        StandardCharsets.UTF_8))) {
      next(r); // hello
      assertEquals(3, next(r).seq(), "resumes after the last seen seq");
    }
  }

  @Test
  void aSlowReaderGetsALostEventNotAStall() throws Exception {
    EventHub.Subscription slow = hub.subscribe(-1);
    for (int i = 1; i <= 20; i++) {
      hub.publish(lost(i)); // the ring keeps 8: publish must never block
    }
    List<Event> got = new ArrayList<>();
    Envelope e;
    while ((e = slow.next(50)) != null) {
      got.add(e.event());
    }
    assertEquals(9, got.size(), "one loss, then the 8 events still kept");
    Lost missed = (Lost) got.get(0);
    assertEquals("client_queue", missed.reason());
    assertEquals(12, missed.count(), "events 1 to 12 were overwritten before the reader came");
    assertEquals(1, missed.fromNanos());
    assertEquals(13, missed.toNanos());
    assertEquals(lost(13), got.get(1));
    assertEquals(lost(20), got.get(8));
    slow.close();
  }

  @Test
  void aReplayHubServesTheWholeFileToALateReader() throws Exception {
    EventHub replay = EventHub.keepingEverything("node1");
    for (int i = 1; i <= 50_000; i++) {
      replay.publish(lost(i));
    }
    try (EventHub.Subscription late = replay.subscribe(-1)) {
      for (int i = 1; i <= 50_000; i++) {
        Envelope e = late.next(1000);
        assertEquals(i, e.seq());
        assertEquals(lost(i), e.event());
      }
      assertNull(late.next(10), "nothing after the file's last event");
    }
  }

  @Test
  void statusAndRules() throws Exception {
    HttpURLConnection rules = get("/v1/rules", TOKEN);
    assertEquals(200, rules.getResponseCode());
    String body = new String(rules.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(EventCodec.decode(body).event() instanceof Rules);
    String status = new String(get("/v1/status", TOKEN).getInputStream().readAllBytes(),
        StandardCharsets.UTF_8);
    assertTrue(status.contains("\"events\""), status);
  }
}
