package dev.switchboard.capture.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.capture.FlowObserver;
import dev.switchboard.capture.PcapReplay;
import dev.switchboard.capture.packet.LinkType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PcapReaderTest {
  static byte[] fixture() throws Exception {
    try (InputStream in = PcapReaderTest.class.getResourceAsStream("/fixtures/real-lab-1/node1.pcap")) {
      return in.readAllBytes();
    }
  }

  /** A pcapng file: section header, one interface (named, ns resolution), one packet. */
  static byte[] pcapng(byte[] frame, long tsNanos) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer shb = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
    shb.putInt(0x0a0d0d0a).putInt(28).putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0)
        .putLong(-1).putInt(28);
    out.writeBytes(shb.array());
    byte[] name = "veth-web1".getBytes();
    int nameLen = (name.length + 3) / 4 * 4;
    int idbLen = 20 + 4 + nameLen + 4 + 4 + 4;
    ByteBuffer idb = ByteBuffer.allocate(idbLen).order(ByteOrder.LITTLE_ENDIAN);
    idb.putInt(1).putInt(idbLen).putShort((short) 1).putShort((short) 0).putInt(0);
    idb.putShort((short) 2).putShort((short) name.length).put(name).put(new byte[nameLen - name.length]);
    idb.putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]);
    idb.putShort((short) 0).putShort((short) 0).putInt(idbLen);
    out.writeBytes(idb.array());
    int padded = (frame.length + 3) / 4 * 4;
    int epbLen = 32 + padded;
    ByteBuffer epb = ByteBuffer.allocate(epbLen).order(ByteOrder.LITTLE_ENDIAN);
    epb.putInt(6).putInt(epbLen).putInt(0).putInt((int) (tsNanos >>> 32)).putInt((int) tsNanos)
        .putInt(frame.length).putInt(frame.length).put(frame).put(new byte[padded - frame.length])
        .putInt(epbLen);
    out.writeBytes(epb.array());
    return out.toByteArray();
  }

  @Test
  void readsClassicAndPcapng() throws Exception {
    byte[] classic = fixture();
    CapturedFrame first;
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(classic))) {
      first = r.next();
      assertEquals(LinkType.LINUX_SLL2, first.linkType());
      assertNull(first.interfaceName());
    }
    byte[] ng = pcapng(first.data(), 1_795_336_483_519_913_123L);
    try (PcapReader r = new PcapReader(new ByteArrayInputStream(ng))) {
      CapturedFrame f = r.next();
      assertEquals("veth-web1", f.interfaceName());
      assertEquals(1_795_336_483_519_913_123L, f.timestampNanos(), "ns resolution kept");
      assertTrue(Arrays.equals(first.data(), f.data()));
      assertNull(r.next());
    }
  }

  @Test
  void aTruncatedCaptureKeepsEverythingBeforeTheCut() throws Exception {
    byte[] all = fixture();
    int cut = all.length / 2;
    PcapReplay.Result r = PcapReplay.replay(new ByteArrayInputStream(Arrays.copyOf(all, cut)),
        "node1", FlowObserver.Settings.DEFAULT);
    assertNotNull(r.stoppedBy());
    assertTrue(r.stoppedBy().contains("truncated capture"), r.stoppedBy());
    assertTrue(r.frames() > 200 && r.frames() < 535, "frames before the cut: " + r.frames());
    assertTrue(r.events().size() > 20);
  }

  @Test
  void garbageIsRefusedWithWhy() {
    assertTrue(assertThrows(PcapFormatException.class, () -> new PcapReader(
        new ByteArrayInputStream("hello world".getBytes()))).getMessage()
        .startsWith("not a pcap or pcapng file"));
    byte[] hugeFrame = Arrays.copyOf(new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1,
        2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0}, 40);
    ByteBuffer.wrap(hugeFrame, 32, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(1 << 30);
    PcapFormatException e = assertThrows(PcapFormatException.class, () -> {
      try (PcapReader r = new PcapReader(new ByteArrayInputStream(hugeFrame))) {
        r.next();
      }
    });
    assertTrue(e.getMessage().contains("claims 1073741824 captured bytes"), e.getMessage());
  }
}
