package dev.switchboard.capture.packet;

import java.util.Arrays;

/**
 * Decodes the link, IP and transport headers of captured frames into {@link Packet}s. Every read is
 * bounds-checked: a short or malformed frame is counted in {@link #stats()} by reason and yields
 * null; nothing is thrown. Payload is copied only for DNS (port 53), at most {@link #MAX_DNS}
 * bytes. Not thread-safe: one per decoding thread.
 */
public final class PacketDecoder {
  static final int MAX_DNS = 4096;
  private static final int MAX_VLAN_TAGS = 2;
  private static final int MAX_IPV6_EXTENSIONS = 8;
  private static final int ETH_IPV4 = 0x0800;
  private static final int ETH_IPV6 = 0x86dd;

  private final DecodeStats stats = new DecodeStats();
  private int kept;
  private final java.util.function.IntFunction<String> interfaceNames;

  public PacketDecoder() {
    this(index -> "if" + index);
  }

  /** @param interfaceNames names the interface index of Linux cooked v2 frames (capture on "any") */
  public PacketDecoder(java.util.function.IntFunction<String> interfaceNames) {
    this.interfaceNames = interfaceNames;
  }

  /**
   * How many leading bytes of the last decoded frame are headers (link, IP, transport; for an
   * ICMP error, up to the quoted datagram's first 8 transport bytes) or a DNS message: what may
   * be kept of a packet. Meaningless after a frame that was skipped.
   */
  public int headerLength() {
    return kept;
  }

  public DecodeStats stats() {
    return stats;
  }

  /**
   * @param interfaceName where it was captured; null for Linux cooked v2 frames, whose interface
   *     index is named by the decoder's interface namer
   */
  public Packet decode(byte[] frame, int length, LinkType link, long timestampNanos,
      String interfaceName) {
    int len = Math.min(length, frame.length);
    int off;
    int etherType;
    Direction dir = Direction.UNKNOWN;
    String iface = interfaceName;
    switch (link) {
      case ETHERNET -> {
        if (len < 14) {
          return skip(SkipReason.TRUNCATED);
        }
        etherType = u16(frame, 12);
        off = 14;
        for (int tags = 0; (etherType == 0x8100 || etherType == 0x88a8) && tags < MAX_VLAN_TAGS; tags++) {
          if (len < off + 4) {
            return skip(SkipReason.TRUNCATED);
          }
          etherType = u16(frame, off + 2);
          off += 4;
        }
      }
      case LINUX_SLL -> {
        if (len < 16) {
          return skip(SkipReason.TRUNCATED);
        }
        dir = sllDirection(u16(frame, 0));
        etherType = u16(frame, 14);
        off = 16;
      }
      case LINUX_SLL2 -> {
        if (len < 20) {
          return skip(SkipReason.TRUNCATED);
        }
        etherType = u16(frame, 0);
        if (iface == null) {
          iface = interfaceNames.apply((int) u32(frame, 4));
        }
        dir = sllDirection(frame[10] & 0xff);
        off = 20;
      }
      case RAW -> {
        if (len < 1) {
          return skip(SkipReason.TRUNCATED);
        }
        etherType = (frame[0] & 0xf0) == 0x60 ? ETH_IPV6 : ETH_IPV4;
        off = 0;
      }
      case NULL -> {
        if (len < 4) {
          return skip(SkipReason.TRUNCATED);
        }
        int family = (frame[0] & 0xff) != 0 ? (frame[0] & 0xff) : (frame[3] & 0xff);
        etherType = family == 2 ? ETH_IPV4 : (family == 24 || family == 28 || family == 30) ? ETH_IPV6 : 0;
        off = 4;
      }
      default -> {
        return skip(SkipReason.UNSUPPORTED_LINK);
      }
    }
    Packet p;
    if (etherType == ETH_IPV4) {
      p = ipv4(frame, off, len, timestampNanos, iface, dir, true);
    } else if (etherType == ETH_IPV6) {
      p = ipv6(frame, off, len, timestampNanos, iface, dir, true);
    } else {
      return skip(SkipReason.NOT_IP);
    }
    if (p != null) {
      stats.decoded();
    }
    return p;
  }

  private static Direction sllDirection(int packetType) {
    return switch (packetType) {
      case 0, 1, 2, 3 -> Direction.IN;
      case 4 -> Direction.OUT;
      default -> Direction.UNKNOWN;
    };
  }

  private Packet skip(SkipReason r) {
    stats.skipped(r);
    return null;
  }

  /**
   * @param outer false when decoding the original datagram inside an ICMP error, whose transport
   *     header may be only 8 bytes long
   */
  private Packet ipv4(byte[] b, int off, int len, long ts, String iface, Direction dir, boolean outer) {
    if (len < off + 20 || (b[off] & 0xf0) != 0x40) {
      return skip(len < off + 20 ? SkipReason.TRUNCATED : SkipReason.BAD_IP_HEADER);
    }
    int ihl = (b[off] & 0x0f) * 4;
    int total = u16(b, off + 2);
    if (ihl < 20 || total < ihl || len < off + ihl) {
      return skip(SkipReason.BAD_IP_HEADER);
    }
    if ((u16(b, off + 6) & 0x1fff) != 0) {
      return skip(SkipReason.FRAGMENT);
    }
    int end = Math.min(len, off + total);
    return transport(b, off + ihl, end, b[off + 9] & 0xff, 4, Addresses.ipv4(b, off + 12),
        Addresses.ipv4(b, off + 16), ts, iface, dir, outer);
  }

  private Packet ipv6(byte[] b, int off, int len, long ts, String iface, Direction dir, boolean outer) {
    if (len < off + 40 || (b[off] & 0xf0) != 0x60) {
      return skip(len < off + 40 ? SkipReason.TRUNCATED : SkipReason.BAD_IP_HEADER);
    }
    int end = Math.min(len, off + 40 + u16(b, off + 4));
    int next = b[off + 6] & 0xff;
    String src = Addresses.ipv6(b, off + 8);
    String dst = Addresses.ipv6(b, off + 24);
    int p = off + 40;
    for (int i = 0; i < MAX_IPV6_EXTENSIONS; i++) {
      if (next == 0 || next == 43 || next == 60) {
        if (end < p + 2) {
          return skip(SkipReason.TRUNCATED);
        }
        int hdrLen = ((b[p + 1] & 0xff) + 1) * 8;
        next = b[p] & 0xff;
        p += hdrLen;
      } else if (next == 44) {
        if (end < p + 8) {
          return skip(SkipReason.TRUNCATED);
        }
        if ((u16(b, p + 2) & 0xfff8) != 0) {
          return skip(SkipReason.FRAGMENT);
        }
        next = b[p] & 0xff;
        p += 8;
      } else if (next == 51) {
        if (end < p + 2) {
          return skip(SkipReason.TRUNCATED);
        }
        int hdrLen = ((b[p + 1] & 0xff) + 2) * 4;
        next = b[p] & 0xff;
        p += hdrLen;
      } else {
        return transport(b, p, end, next, 6, src, dst, ts, iface, dir, outer);
      }
    }
    return skip(SkipReason.BAD_IP_HEADER);
  }

  private Packet transport(byte[] b, int off, int end, int proto, int ipVersion, String src,
      String dst, long ts, String iface, Direction dir, boolean outer) {
    Protocol protocol = Protocol.of(proto);
    if (protocol == null || (ipVersion == 4 && proto == 58) || (ipVersion == 6 && proto == 1)) {
      return skip(SkipReason.OTHER_PROTOCOL);
    }
    switch (protocol) {
      case TCP -> {
        int need = outer ? 20 : 8;
        if (end < off + need) {
          return skip(SkipReason.TRUNCATED);
        }
        int sport = u16(b, off);
        int dport = u16(b, off + 2);
        long seq = u32(b, off + 4);
        if (!outer) {
          kept = off + 8;
          return new Packet(ts, iface, dir, ipVersion, src, dst, protocol, sport, dport, 0, seq, 0,
              0, 0, null, null);
        }
        int dataOff = ((b[off + 12] & 0xf0) >> 4) * 4;
        if (dataOff < 20) {
          return skip(SkipReason.BAD_TRANSPORT_HEADER);
        }
        int flags = b[off + 13] & 0x3f;
        byte[] payload = dnsPort(sport, dport) ? tcpDns(b, off + dataOff, end) : null;
        kept = Math.min(end, off + dataOff + (payload == null ? 0 : 2 + payload.length));
        return new Packet(ts, iface, dir, ipVersion, src, dst, protocol, sport, dport, flags, seq,
            u32(b, off + 8), 0, 0, null, payload);
      }
      case UDP -> {
        if (end < off + 8) {
          return skip(SkipReason.TRUNCATED);
        }
        int sport = u16(b, off);
        int dport = u16(b, off + 2);
        byte[] payload = outer && dnsPort(sport, dport)
            ? Arrays.copyOfRange(b, off + 8, Math.min(end, off + 8 + MAX_DNS)) : null;
        kept = off + 8 + (payload == null ? 0 : payload.length);
        return new Packet(ts, iface, dir, ipVersion, src, dst, protocol, sport, dport, 0, 0, 0, 0,
            0, null, payload);
      }
      case ICMP -> {
        if (!outer) {
          return skip(SkipReason.OTHER_PROTOCOL);
        }
        if (end < off + 8) {
          return skip(SkipReason.TRUNCATED);
        }
        int type = b[off] & 0xff;
        int code = b[off + 1] & 0xff;
        boolean unreachable = ipVersion == 4 ? type == 3 : type == 1;
        kept = off + 8;
        Packet inner = null;
        if (unreachable) {
          long skippedBefore = stats.skippedCount();
          inner = ipVersion == 4 ? ipv4(b, off + 8, end, ts, iface, dir, false)
              : ipv6(b, off + 8, end, ts, iface, dir, false);
          if (inner == null && stats.skippedCount() > skippedBefore) {
            return null; // the inner datagram's fault was counted already
          }
        }
        return new Packet(ts, iface, dir, ipVersion, src, dst, protocol, 0, 0, 0, 0, 0, type, code,
            inner, null);
      }
      default -> {
        return skip(SkipReason.OTHER_PROTOCOL);
      }
    }
  }

  private static boolean dnsPort(int sport, int dport) {
    return sport == 53 || dport == 53;
  }

  /** DNS over TCP: a 2-byte length prefix, then the message (only a message that starts here). */
  private static byte[] tcpDns(byte[] b, int off, int end) {
    if (end < off + 2) {
      return null;
    }
    int msgLen = u16(b, off);
    int avail = end - off - 2;
    return msgLen == 0 ? null : Arrays.copyOfRange(b, off + 2, off + 2 + Math.min(msgLen, Math.min(avail, MAX_DNS)));
  }

  static int u16(byte[] b, int off) {
    return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
  }

  static long u32(byte[] b, int off) {
    return ((long) (b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8)
        | (b[off + 3] & 0xff);
  }
}
