package dev.switchboard.capture.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.capture.FlowObserver;
import dev.switchboard.capture.PcapReplay;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Hello;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.event.Rules;
import dev.switchboard.capture.event.Status;
import dev.switchboard.capture.kubeproxy.IptablesRules;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {
  @Test
  void everyEventSurvivesTheRoundTrip() throws Exception {
    List<Event> events = new ArrayList<>();
    events.add(new Hello(1, "node1", Hello.VERSION, List.of("any"), "udp port 53", 256, "iptables",
        null, false));
    try (InputStream in = getClass().getResourceAsStream("/fixtures/real-lab-1/node1.pcap")) {
      events.addAll(PcapReplay.replay(in, "node1", FlowObserver.Settings.DEFAULT).events());
    }
    try (InputStream in = getClass().getResourceAsStream("/fixtures/real-lab-1/node1-iptables-save.txt")) {
      events.add(new Rules(2, "node1", "iptables",
          IptablesRules.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))));
    }
    events.add(new Lost(3, "node1", "kernel_drop", 12, 1, 3));
    events.add(new Status(4, "node1", Map.of("packets", 535L)));
    long seq = 0;
    for (Event e : events) {
      String line = EventCodec.encode(++seq, e);
      assertTrue(!line.contains("\n"));
      Envelope back = EventCodec.decode(line);
      assertEquals(seq, back.seq());
      assertEquals(e, back.event(), line);
    }
    assertTrue(events.size() > 50);
  }

  @Test
  void readersSkipTheUnknownAndRefuseTheBroken() throws Exception {
    assertNull(EventCodec.decode("{\"type\":\"future\",\"seq\":9,\"x\":1}"));
    Envelope extra = EventCodec.decode("{\"type\":\"lost\",\"seq\":5,\"timestampNanos\":1,"
        + "\"node\":\"n\",\"reason\":\"kernel_drop\",\"count\":3,\"fromNanos\":0,\"toNanos\":1,"
        + "\"addedLater\":true}");
    assertEquals(new Lost(1, "n", "kernel_drop", 3, 0, 1), extra.event());
    assertThrows(WireFormatException.class, () -> EventCodec.decode("{not json"));
    assertThrows(WireFormatException.class, () -> EventCodec.decode("[1,2]"));
    assertThrows(WireFormatException.class, () -> EventCodec.decode("{\"seq\":1}"));
    assertThrows(WireFormatException.class, () -> EventCodec.decode(
        "{\"type\":\"lost\",\"seq\":1,\"count\":\"many\"}"));
  }

  @Test
  void anEventWithAFieldMissingIsRefusedNotHalfRead() throws Exception {
    WireFormatException noClient = assertThrows(WireFormatException.class, () -> EventCodec.decode(
        "{\"type\":\"open\",\"seq\":1,\"timestampNanos\":1,\"node\":\"n\",\"id\":\"n-1\","
            + "\"protocol\":\"TCP\",\"destination\":{\"ip\":\"10.96.0.1\",\"port\":443},"
            + "\"observedOn\":\"eth0\"}"));
    assertTrue(noClient.getMessage().contains("client missing"), noClient.getMessage());
    assertThrows(WireFormatException.class, () -> EventCodec.decode(
        "{\"type\":\"rules\",\"seq\":1,\"timestampNanos\":1,\"node\":\"n\",\"mode\":\"iptables\","
            + "\"services\":[null]}"));
    assertThrows(WireFormatException.class, () -> EventCodec.decode(
        "{\"type\":{\"a\":1},\"seq\":1}"));
    assertThrows(WireFormatException.class, () -> EventCodec.decode(
        "{\"type\":\"lost\",\"seq\":[1]}"));
    Envelope hello = EventCodec.decode("{\"type\":\"hello\",\"seq\":0,\"timestampNanos\":1,"
        + "\"node\":\"n\",\"version\":1,\"interfaces\":[\"any\"],\"filter\":\"\",\"snaplen\":512,"
        + "\"proxyMode\":\"iptables\",\"conntrack\":false}");
    assertNull(((Hello) hello.event()).proxyNote(), "the format lets proxyNote be absent");
  }

  @Test
  void aRunawayLineIsSkippedToItsNewlineAndTheNextOneRead() throws Exception {
    String longLine = "x".repeat(100_000);
    LineReader r = new LineReader(new java.io.ByteArrayInputStream(
        ("first\r\n" + longLine + "\nafter\nlast").getBytes(StandardCharsets.UTF_8)), 1000);
    assertEquals("first", r.next());
    assertTrue(r.next() == LineReader.TOO_LONG);
    assertEquals("after", r.next());
    assertEquals("last", r.next(), "a last line without its newline still counts");
    assertNull(r.next());
  }
}
