package dev.switchboard.capture.packet;

import java.util.Map;

/**
 * Names of libpcap link types (tcpdump.org's LINKTYPE_* list), so a file whose frames are skipped
 * says in words what they were. Stateless; any thread.
 */
public final class LinkTypeNames {
  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(0, "BSD loopback"), Map.entry(1, "Ethernet"), Map.entry(3, "AX.25"),
      Map.entry(6, "IEEE 802.5 Token Ring"), Map.entry(7, "ARCNET"), Map.entry(8, "SLIP"),
      Map.entry(9, "PPP"), Map.entry(10, "FDDI"), Map.entry(50, "PPP in HDLC framing"),
      Map.entry(51, "PPPoE"), Map.entry(100, "ATM RFC 1483"), Map.entry(101, "raw IP"),
      Map.entry(104, "Cisco HDLC"), Map.entry(105, "IEEE 802.11"),
      Map.entry(107, "Frame Relay"), Map.entry(108, "OpenBSD loopback"),
      Map.entry(113, "Linux cooked capture"), Map.entry(114, "LocalTalk"),
      Map.entry(117, "OpenBSD pflog"), Map.entry(119, "IEEE 802.11 Prism header"),
      Map.entry(122, "IP over Fibre Channel"), Map.entry(123, "SunATM"),
      Map.entry(127, "IEEE 802.11 radiotap"), Map.entry(138, "IP over IEEE 1394"),
      Map.entry(143, "DOCSIS"), Map.entry(163, "IEEE 802.11 AVS header"),
      Map.entry(187, "Bluetooth HCI H4"), Map.entry(189, "Linux USB"),
      Map.entry(192, "IEEE 802.11 PPI"), Map.entry(195, "IEEE 802.15.4 with FCS"),
      Map.entry(197, "Endace ERF"), Map.entry(201, "Bluetooth HCI H4 with pseudo-header"),
      Map.entry(215, "IEEE 802.15.4 non-ASK PHY"), Map.entry(220, "Linux USB (memory-mapped)"),
      Map.entry(226, "Solaris IPNET"), Map.entry(227, "SocketCAN"),
      Map.entry(228, "raw IPv4"), Map.entry(229, "raw IPv6"),
      Map.entry(230, "IEEE 802.15.4 without FCS"), Map.entry(231, "D-Bus"),
      Map.entry(239, "Linux netfilter log (NFLOG)"), Map.entry(240, "netANALYZER"),
      Map.entry(242, "IP over InfiniBand"), Map.entry(243, "MPEG-2 transport stream"),
      Map.entry(247, "InfiniBand"), Map.entry(248, "SCTP"), Map.entry(249, "USBPcap"),
      Map.entry(251, "Bluetooth LE link layer"), Map.entry(253, "Linux netlink"),
      Map.entry(254, "Bluetooth Linux monitor"),
      Map.entry(256, "Bluetooth LE link layer with pseudo-header"),
      Map.entry(258, "Apple PKTAP"), Map.entry(276, "Linux cooked capture v2"));

  private LinkTypeNames() {}

  /** E.g. "link type 127, IEEE 802.11 radiotap"; numbers 147–162 are private (DLT_USER). */
  public static String describe(int code) {
    String name = NAMES.get(code);
    if (name == null && code >= 147 && code <= 162) {
      name = "private use (DLT_USER" + (code - 147) + ")";
    }
    return "link type " + code + (name == null ? " (unknown)" : ", " + name);
  }
}
