package dev.switchboard.capture.pcap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.capture.FlowObserver;
import dev.switchboard.capture.PcapReplay;
import dev.switchboard.capture.event.ConnectionClosed;
import dev.switchboard.capture.event.DnsLookup;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.packet.LinkType;
import java.io.ByteArrayInputStream;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Capture files from the wild: a block too short for its type, files that are not captures,
 * link types that are not decoded, byte-order changes between sections, the last moments of a
 * file. Each file is built here byte by byte.
 */
class CaptureFileDefectsTest {
  static final byte[] SYN = Ipv4Frames.tcp("10.244.0.21", 40000, "10.96.0.20", 80, Ipv4Frames.SYN, 7);

  static PcapReplay.Result replay(byte[] file) throws Exception {
    return PcapReplay.replay(new ByteArrayInputStream(file), "node1", FlowObserver.Settings.DEFAULT);
  }

  static <T extends Event> List<T> of(PcapReplay.Result r, Class<T> type) {
    return r.events().stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void anInterfaceBlockWithNoBodyIsDamageNotACrash() throws Exception {
    byte[] file = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
        .block(1, 12, new byte[0], 12)
        .iface(101, "eth0").packet(0, 1_000_000, SYN).bytes();
    PcapReplay.Result r = replay(file);
    assertEquals("interface description block at byte 28 is 12 bytes long (at least 20 are"
        + " needed)", r.stoppedBy());
    Lost damaged = of(r, Lost.class).get(0);
    assertEquals("damaged_file", damaged.reason());
  }

  @Test
  void everyBlockIsCheckedAgainstWhatItsTypeNeeds() throws Exception {
    byte[] shortPacket = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).iface(101, "eth0")
        .block(6, 16, new byte[4], 16).bytes();
    assertTrue(replay(shortPacket).stoppedBy().contains("enhanced packet block at byte"),
        replay(shortPacket).stoppedBy());
    byte[] mismatched = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).iface(101, "eth0")
        .block(5, 16, new byte[4], 20).bytes();
    assertTrue(replay(mismatched).stoppedBy().contains("has length 16 at its start and 20 at"
        + " its end"), replay(mismatched).stoppedBy());
    byte[] simpleWithoutInterface = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
        .block(3, 16, new byte[4], 16).bytes();
    assertTrue(replay(simpleWithoutInterface).stoppedBy().contains("without an interface"));
  }

  @Test
  void whatIsNotACaptureIsRefusedWithWhatItIs() {
    assertEquals("the file is empty: not a capture file", refusal(new byte[0]));
    assertEquals("the file ends inside its pcap file header, after 10 bytes: not a complete"
        + " capture file", refusal(java.util.Arrays.copyOf(CaptureBytes.classic(1).bytes(), 10)));
    assertEquals("not a pcap or pcapng file: it starts with the text \"GET\"",
        refusal("GET / HTTP/1.1\r\n".getBytes()));
    assertEquals("not a pcap or pcapng file: it starts with the bytes 00 00 00 00",
        refusal(new byte[64]));
  }

  private static String refusal(byte[] file) {
    return assertThrows(NotACaptureException.class, () -> replay(file)).getMessage();
  }

  @Test
  void aLinkTypeThatIsNotDecodedIsNamedWithItsCount() throws Exception {
    CaptureBytes radiotap = CaptureBytes.classic(127);
    for (int i = 0; i < 182; i++) {
      radiotap.record(1_000_000L + i, new byte[] {0, 0, 8, 0, 0, 0, 0, 0});
    }
    PcapReplay.Result r = replay(radiotap.bytes());
    assertEquals("replayed 182 packets of air.pcap; link type 127, IEEE 802.11 radiotap: not"
        + " decoded, 182 packets skipped", r.summary().text("air.pcap"));
    assertEquals(List.of("undecodable"),
        of(r, Lost.class).stream().map(Lost::reason).distinct().toList());
    assertEquals(182, of(r, Lost.class).stream().mapToLong(Lost::count).sum());
  }

  @Test
  void rawIpv4AndIpv6LinkTypesAndEthernetWithFcsAreDecoded() throws Exception {
    for (int link : new int[] {228, 229}) {
      byte[] file = CaptureBytes.classic(link).record(1_000_000L, SYN).bytes();
      PcapReplay.Result r = replay(file);
      assertEquals(1, of(r, dev.switchboard.capture.event.ConnectionOpened.class).size(),
          "link type " + link);
      assertTrue(r.summary().notDecoded().isEmpty());
    }
    byte[] ethernet = PacketFrames.ethernet(SYN);
    int ethernetWithFcs = 0x40000000 | 0x04000000 | 1; // FCS length 4, "FCS length present"
    byte[] file = CaptureBytes.classic(ethernetWithFcs).record(1_000_000L, ethernet).bytes();
    try (PcapReader reader = new PcapReader(new ByteArrayInputStream(file))) {
      CapturedFrame f = reader.next();
      assertEquals(LinkType.ETHERNET, f.linkType());
      assertEquals(1, f.linkCode());
    }
    assertEquals(1, of(replay(file), dev.switchboard.capture.event.ConnectionOpened.class).size());
  }

  @Test
  void aSectionInTheOtherByteOrderIsReadInIts() throws Exception {
    byte[] file = CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN).iface(101, "eth0")
        .packet(0, 1_000_000_000L, SYN)
        .section(ByteOrder.BIG_ENDIAN).iface(101, "eth1").packet(0, 2_000_000_000L, SYN).bytes();
    try (PcapReader reader = new PcapReader(new ByteArrayInputStream(file))) {
      assertEquals("eth0", reader.next().interfaceName());
      CapturedFrame second = reader.next();
      assertEquals("eth1", second.interfaceName());
      assertEquals(2_000_000_000L, second.timestampNanos());
      assertNull(reader.next());
    }
  }

  @Test
  void theFilesLastQueryIsReportedWithTheWalkBeforeIt() throws Exception {
    String client = "10.244.0.21";
    String dns = "10.96.0.10";
    byte[] file = CaptureBytes.classic(228)
        .record(1_000_000L, Ipv4Frames.udp(client, 5353, dns, 53,
            Ipv4Frames.dns(1, false, 0, "web.demo.svc.cluster.local.demo.svc.cluster.local", null)))
        .record(1_000_400L, Ipv4Frames.udp(dns, 53, client, 5353,
            Ipv4Frames.dns(1, true, 3, "web.demo.svc.cluster.local.demo.svc.cluster.local", null)))
        .record(1_000_900L, Ipv4Frames.udp(client, 5353, dns, 53,
            Ipv4Frames.dns(2, false, 0, "web.demo.svc.cluster.local.svc.cluster.local", null)))
        .bytes();
    List<DnsLookup> lookups = of(replay(file), DnsLookup.class);
    assertEquals(1, lookups.size(), "the lookup cut by the file's end is reported");
    DnsLookup l = lookups.get(0);
    assertEquals("unanswered", l.outcome());
    assertEquals(List.of("NXDOMAIN", "UNANSWERED"),
        l.attempts().stream().map(a -> a.rcode()).toList(), "the earlier query is kept");
  }

  @Test
  void connectionsStillOpenAtTheEndAreReportedAsUnfinished() throws Exception {
    String client = "10.244.0.21";
    String server = "10.244.0.11";
    byte[] file = CaptureBytes.classic(228)
        .record(1_000_000L, Ipv4Frames.tcp(client, 40000, server, 8080, Ipv4Frames.SYN, 7))
        .record(1_000_100L, Ipv4Frames.tcp(server, 8080, client, 40000,
            Ipv4Frames.SYN | Ipv4Frames.ACK, 99))
        .record(1_000_300L, Ipv4Frames.tcp(client, 40001, server, 8080, Ipv4Frames.SYN, 8))
        .bytes();
    List<ConnectionClosed> closed = of(replay(file), ConnectionClosed.class);
    assertEquals(List.of("unfinished", "unfinished"),
        closed.stream().map(ConnectionClosed::outcome).toList(),
        "neither the established one nor the unanswered one is guessed closed or timed out");
  }
}
