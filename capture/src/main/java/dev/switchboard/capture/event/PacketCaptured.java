package dev.switchboard.capture.event;

import java.util.Base64;

/**
 * One captured packet, cut to its headers (link, IP, transport; an ICMP error with the datagram
 * it quotes) plus, for DNS, the message: never any other payload. Served on its own stream
 * ({@code GET /v1/packets}) and kept in recordings for export; the correlator does not read it.
 *
 * @param interfaceName the capture interface ("any" for a cooked capture of all of them)
 * @param linkType the pcap LINKTYPE_ of {@code data} (1 Ethernet, 113 Linux SLL, 276 SLL2, 101 raw)
 * @param originalLength the packet's length on the wire
 * @param data the bytes kept, base64 (RFC 4648)
 */
public record PacketCaptured(long timestampNanos, String node, String interfaceName, int linkType,
    int originalLength, String data) implements Event {

  public static PacketCaptured of(long timestampNanos, String node, String interfaceName,
      int linkType, int originalLength, byte[] kept) {
    return new PacketCaptured(timestampNanos, node, interfaceName, linkType, originalLength,
        Base64.getEncoder().encodeToString(kept));
  }

  /** The kept bytes; IllegalArgumentException when {@code data} is not base64. */
  public byte[] bytes() {
    return Base64.getDecoder().decode(data);
  }
}
