package dev.switchboard.capture.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PacketDecoderTest {
  static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static final byte[] TCP_SYN = bytes(0x82, 0xf8, 0, 80, 0x21, 0x9d, 0x6f, 0x1e, 0, 0, 0, 0,
      0x50, 0x02, 0xfa, 0xf0, 0, 0, 0, 0);

  static byte[] ipv4(int proto, byte[] payload) {
    int total = 20 + payload.length;
    return cat(bytes(0x45, 0, total >> 8, total & 0xff, 0, 0, 0x40, 0, 64, proto, 0, 0,
        10, 244, 0, 21, 10, 96, 140, 99), payload);
  }

  static final byte[] ETH = bytes(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);

  @Test
  void ethernetWithVlanTags() {
    PacketDecoder d = new PacketDecoder();
    byte[] frame = cat(ETH, bytes(0x81, 0x00, 0, 5, 0x81, 0x00, 0, 6, 0x08, 0x00), ipv4(6, TCP_SYN));
    Packet p = d.decode(frame, frame.length, LinkType.ETHERNET, 7, "eth0");
    assertEquals("10.244.0.21", p.src());
    assertEquals("10.96.140.99", p.dst());
    assertEquals(33528, p.srcPort());
    assertEquals(80, p.dstPort());
    assertTrue(p.syn());
    assertEquals(563965726L, p.seq());
  }

  @Test
  void ipv6WithExtensionHeadersAndCookedV1() {
    byte[] hopByHop = bytes(6, 0, 1, 4, 0, 0, 0, 0); // next header TCP, 8 bytes
    byte[] v6 = cat(bytes(0x60, 0, 0, 0, 0, 28, 0, 64),
        bytes(0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
        bytes(0xfd, 0, 0, 0x10, 0, 0x96, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0a), hopByHop, TCP_SYN);
    byte[] sll = cat(bytes(0, 4, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, 0x86, 0xdd), v6);
    Packet p = new PacketDecoder().decode(sll, sll.length, LinkType.LINUX_SLL, 1, "veth1");
    assertEquals("fd00::1", p.src());
    assertEquals("fd00:10:96::a", p.dst());
    assertEquals(Direction.OUT, p.direction());
    assertTrue(p.syn());
  }

  @Test
  void icmpUnreachableCarriesTheRejectedSyn() {
    byte[] inner = ipv4(6, java.util.Arrays.copyOf(TCP_SYN, 8));
    byte[] icmp = cat(bytes(3, 3, 0, 0, 0, 0, 0, 0), inner);
    byte[] frame = ipv4(1, icmp);
    Packet p = new PacketDecoder().decode(frame, frame.length, LinkType.RAW, 1, "eth0");
    assertTrue(p.unreachable());
    assertEquals(80, p.inner().dstPort());
    assertEquals("10.96.140.99", p.inner().dst());
  }

  @Test
  void badFramesAreCountedByReasonNotThrown() {
    PacketDecoder d = new PacketDecoder();
    assertNull(d.decode(bytes(1, 2, 3), 3, LinkType.ETHERNET, 0, "x"));
    byte[] notIp = cat(ETH, bytes(0x08, 0x06), new byte[28]);
    assertNull(d.decode(notIp, notIp.length, LinkType.ETHERNET, 0, "x"));
    byte[] badIhl = cat(ETH, bytes(0x08, 0x00, 0x41, 0, 0, 40), new byte[36]);
    assertNull(d.decode(badIhl, badIhl.length, LinkType.ETHERNET, 0, "x"));
    byte[] fragment = ipv4(6, TCP_SYN);
    fragment[6] = 0x20;
    fragment[7] = 0x10;
    assertNull(d.decode(fragment, fragment.length, LinkType.RAW, 0, "x"));
    byte[] shortTcp = ipv4(6, bytes(0, 80, 0, 80));
    assertNull(d.decode(shortTcp, shortTcp.length, LinkType.RAW, 0, "x"));
    assertEquals(Map.of(SkipReason.TRUNCATED, 2L, SkipReason.NOT_IP, 1L,
        SkipReason.BAD_IP_HEADER, 1L, SkipReason.FRAGMENT, 1L), d.stats().skippedByReason());
    assertEquals(0, d.stats().decodedCount());
  }

  @Test
  void ipv6Formatting() {
    assertEquals("::1", Addresses.ipv6(bytes(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), 0));
    assertEquals("fe80::74c6:e7ff:fe6c:c442", Addresses.ipv6(bytes(0xfe, 0x80, 0, 0, 0, 0, 0, 0,
        0x74, 0xc6, 0xe7, 0xff, 0xfe, 0x6c, 0xc4, 0x42), 0));
    assertEquals("1:0:1::", Addresses.ipv6(bytes(0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 0));
  }
}
