package dev.switchboard.capture.pcap;

import java.io.ByteArrayOutputStream;

/** Link headers around raw IP packets for test captures. Stateless. */
final class PacketFrames {
  private PacketFrames() {}

  /** Ethernet II with IPv4, and a 4-byte FCS after the packet. */
  static byte[] ethernet(byte[] ipv4) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00});
    out.writeBytes(ipv4);
    out.writeBytes(new byte[] {1, 2, 3, 4});
    return out.toByteArray();
  }
}
