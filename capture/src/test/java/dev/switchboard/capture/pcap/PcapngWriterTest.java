package dev.switchboard.capture.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.capture.PcapReplay;
import dev.switchboard.capture.FlowObserver;
import dev.switchboard.capture.event.PacketCaptured;
import dev.switchboard.capture.packet.LinkType;
import dev.switchboard.capture.packet.Packet;
import dev.switchboard.capture.packet.PacketDecoder;
import dev.switchboard.capture.packet.Protocol;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Packets kept for export, on the real-lab-1 capture: cut to their headers (and DNS messages)
 * they still decode to the very same packet, and written as pcapng they read back as written.
 */
class PcapngWriterTest {
  /** The fixture is a cooked v2 capture on "any": a 20-byte link header. */
  private static final int SLL2 = 20;

  private static List<CapturedFrame> frames() throws Exception {
    List<CapturedFrame> out = new ArrayList<>();
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(PcapReaderTest.fixture()))) {
      for (CapturedFrame f = r.next(); f != null; f = r.next()) {
        out.add(f);
      }
    }
    return out;
  }

  private static List<PacketCaptured> kept() throws Exception {
    List<PacketCaptured> kept = new ArrayList<>();
    PcapReplay.stream(new ByteArrayInputStream(PcapReaderTest.fixture()), "node1",
        FlowObserver.Settings.DEFAULT, e -> { }, kept::add);
    return kept;
  }

  @Test
  void aPacketCutToItsHeadersDecodesToTheSamePacket() throws Exception {
    List<CapturedFrame> frames = frames();
    List<PacketCaptured> kept = kept();
    assertEquals(frames.size(), kept.size(), "every frame of the capture decodes and is kept");
    PacketDecoder whole = new PacketDecoder();
    PacketDecoder cut = new PacketDecoder();
    long shorter = 0;
    for (int i = 0; i < frames.size(); i++) {
      CapturedFrame f = frames.get(i);
      PacketCaptured k = kept.get(i);
      byte[] bytes = k.bytes();
      Packet a = whole.decode(f.data(), f.data().length, f.linkType(), f.timestampNanos(), null);
      Packet b = cut.decode(bytes, bytes.length, LinkType.of(k.linkType()), k.timestampNanos(),
          null);
      assertNotNull(b, "frame " + i + " still decodes");
      assertEquals(List.of(a.src(), a.dst(), a.srcPort(), a.dstPort(), a.tcpFlags(), a.seq(),
          a.ack(), a.icmpType()), List.of(b.src(), b.dst(), b.srcPort(), b.dstPort(),
          b.tcpFlags(), b.seq(), b.ack(), b.icmpType()), "frame " + i);
      assertArrayEquals(a.payload(), b.payload(), "the same DNS message, frame " + i);
      if (a.protocol() == Protocol.TCP && a.ipVersion() == 4 && a.payload() == null) {
        assertEquals(LinkType.LINUX_SLL2, f.linkType());
        int ihl = (f.data()[SLL2] & 0x0f) * 4;
        int tcpHeader = ((f.data()[SLL2 + ihl + 12] & 0xf0) >> 4) * 4;
        assertEquals(SLL2 + ihl + tcpHeader, bytes.length, "headers only, frame " + i);
      }
      assertArrayEquals(Arrays.copyOf(f.data(), bytes.length), bytes, "a prefix of the frame");
      assertEquals(f.originalLength(), k.originalLength());
      shorter += bytes.length < f.data().length ? 1 : 0;
    }
    assertTrue(shorter > 0, "data segments lose their payload: " + shorter);
  }

  @Test
  void whatIsWrittenReadsBackAsWritten() throws Exception {
    List<PacketCaptured> kept = kept();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PcapngWriter w = new PcapngWriter(out, "switchboard test");
    int id = w.addInterface(kept.get(0).linkType(), 0, "node1/any", "node node1, interface any");
    w.names(Map.of("10.96.0.10", List.of("kube-dns.kube-system.svc"), "fd00::1",
        List.of("a", "b")));
    for (PacketCaptured p : kept) {
      w.packet(id, p.timestampNanos(), p.bytes(), p.originalLength(), "trace x: ü " + p.data());
    }
    w.close();
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(out.toByteArray()))) {
      for (PacketCaptured p : kept) {
        CapturedFrame f = r.next();
        assertEquals(p.timestampNanos(), f.timestampNanos());
        assertArrayEquals(p.bytes(), f.data());
        assertEquals(p.originalLength(), f.originalLength());
        assertEquals("node1/any", f.interfaceName());
      }
      assertNull(r.next());
    }
  }
}
