package dev.switchboard.capture.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.capture.pcap.Ipv4Frames;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsParserTest {
  /** A small DNS message builder: header, then raw bytes. */
  static byte[] msg(int flags, int qd, int an, byte[]... parts) {
    return msg(flags, qd, an, 0, 0, parts);
  }

  /** With authority ({@code ns}) and additional ({@code ar}) record counts. */
  static byte[] msg(int flags, int qd, int an, int ns, int ar, byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(12).putShort((short) 0x4242).putShort((short) flags)
        .putShort((short) qd).putShort((short) an).putShort((short) ns).putShort((short) ar)
        .array());
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] name(String dotted) {
    return Ipv4Frames.name(dotted);
  }

  static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  @Test
  void answerWithCompressionCnameAndSrv() throws Exception {
    byte[] m = msg(0x8180, 1, 3, name("Web.Demo.svc.cluster.local"), bytes(0, 1, 0, 1),
        // CNAME at the question's name (pointer to 12) → alias.demo.svc.cluster.local
        bytes(0xc0, 12, 0, 5, 0, 1, 0, 0, 0, 30, 0, 8, 5), "alias".getBytes(), bytes(0xc0, 16),
        // A for the question name
        bytes(0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, 10, 96, 140, 99),
        // SRV 0 100 8080 → pointer
        bytes(0xc0, 12, 0, 33, 0, 1, 0, 0, 0, 30, 0, 8, 0, 0, 0, 100, 0x1f, 0x90, 0xc0, 16));
    DnsMessage d = DnsParser.parse(m);
    assertTrue(d.response());
    assertEquals("web.demo.svc.cluster.local", d.question().name(), "names are lower-cased");
    assertEquals(List.of("alias.demo.svc.cluster.local", "10.96.140.99",
        "0 100 8080 demo.svc.cluster.local"), d.answers().stream().map(DnsRecord::data).toList());
  }

  @Test
  void hostileMessagesAreRefusedQuickly() throws Exception {
    String loop = assertThrows(DnsFormatException.class, () -> DnsParser.parse(
        msg(0x100, 1, 0, bytes(0xc0, 12, 0, 1, 0, 1)))).getMessage();
    assertTrue(loop.contains("does not point backwards"), loop);
    assertThrows(DnsFormatException.class, () -> DnsParser.parse(
        msg(0x100, 1, 0, bytes(0xc0, 14, 0xc0, 12, 0, 1, 0, 1))));
    // 17 pointers, each pointing back at the one before: within the buffer, never a loop, too many
    byte[] chain = new byte[3 + 2 * 17];
    chain[0] = 1;
    chain[1] = 'a';
    for (int i = 0; i < 17; i++) {
      int at = 3 + 2 * i;
      chain[at] = (byte) 0xc0;
      chain[at + 1] = (byte) (i == 0 ? 0 : at - 2);
    }
    assertEquals("a", DnsParser.name(chain, chain.length, new int[] {3 + 2 * 15}), "16 hops are fine");
    assertEquals("more than 16 compression pointers", assertThrows(DnsFormatException.class,
        () -> DnsParser.name(chain, chain.length, new int[] {3 + 2 * 16})).getMessage());
    assertTrue(assertThrows(DnsFormatException.class, () -> DnsParser.parse(msg(0x100, 65535, 0,
        bytes(0)))).getMessage().startsWith("question count 65535 exceeds"));
    byte[] longName = new byte[5 * 64 + 1];
    for (int i = 0; i < 5; i++) {
      longName[i * 64] = 63;
      java.util.Arrays.fill(longName, i * 64 + 1, i * 64 + 64, (byte) 'a');
    }
    assertTrue(assertThrows(DnsFormatException.class, () -> DnsParser.parse(msg(0x100, 1, 0,
        longName, bytes(0, 1, 0, 1)))).getMessage().contains("longer than 255"));
    assertThrows(DnsFormatException.class, () -> DnsParser.parse(new byte[5]));
    assertThrows(DnsFormatException.class, () -> DnsParser.parse(msg(0x8180, 1, 1, name("a.b"),
        bytes(0, 1, 0, 1), bytes(0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 1, 0, 3, 1, 2, 3))),
        "an A record must have 4 bytes");
  }

  @Test
  void aSnapLengthCutKeepsWhatWasRead() throws Exception {
    byte[] full = msg(0x8180, 1, 2, name("web.demo"), bytes(0, 1, 0, 1),
        bytes(0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, 10, 0, 0, 1),
        bytes(0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, 10, 0, 0, 2));
    DnsMessage cut = DnsParser.parse(full, full.length - 6);
    assertTrue(cut.truncated());
    assertEquals(List.of("10.0.0.1"), cut.answers().stream().map(DnsRecord::data).toList());
  }

  @Test
  void theRootIsADot() throws Exception {
    DnsMessage m = DnsParser.parse(msg(0x100, 1, 0, bytes(0), bytes(0, 2, 0, 1)));
    assertEquals(".", m.question().name());
    assertEquals("NS", DnsType.typeName(m.question().type()));
  }

  @Test
  void extendedResponseCodesComeFromTheOptRecord() throws Exception {
    // SOA in the authority section, then OPT (root name, type 41, UDP size 1232, TTL = ext-rcode
    // 1, version 0, flags 0): BADVERS = 1 << 4 | 0
    byte[] soa = cat(bytes(0xc0, 12, 0, 6, 0, 1, 0, 0, 0, 30, 0, 4), bytes(1, 2, 3, 4));
    byte[] badvers = msg(0x8180, 1, 0, 1, 1, name("web.demo"), bytes(0, 1, 0, 1), soa,
        bytes(0, 0, 41, 0x04, 0xd0, 1, 0, 0, 0, 0, 0));
    assertEquals("BADVERS", DnsType.rcodeName(DnsParser.parse(badvers).rcode()));
    // BADCOOKIE = 23 = 1 << 4 | 7: the header's 7 is only the low bits
    byte[] badcookie = msg(0x8187, 1, 0, 0, 1, name("web.demo"), bytes(0, 1, 0, 1),
        bytes(0, 0, 41, 0x04, 0xd0, 1, 0, 0, 0, 0, 0));
    assertEquals("BADCOOKIE", DnsType.rcodeName(DnsParser.parse(badcookie).rcode()));
    byte[] plain = msg(0x8183, 1, 0, 0, 1, name("web.demo"), bytes(0, 1, 0, 1),
        bytes(0, 0, 41, 0x04, 0xd0, 0, 0, 0, 0, 0, 0));
    assertEquals("NXDOMAIN", DnsType.rcodeName(DnsParser.parse(plain).rcode()));
    byte[] cutBeforeOpt = java.util.Arrays.copyOf(badvers, badvers.length - 5);
    assertEquals("NOERROR", DnsType.rcodeName(DnsParser.parse(cutBeforeOpt).rcode()),
        "an OPT record the snaplen cut says nothing");
  }

  @Test
  void commonTypesHaveTheirNames() {
    assertEquals(List.of("TXT", "SRV", "SSHFP", "URI", "CAA", "HTTPS", "SVCB", "MX", "TYPE65280"),
        java.util.stream.IntStream.of(16, 33, 44, 256, 257, 65, 64, 15, 65280)
            .mapToObj(DnsType::typeName).toList());
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
