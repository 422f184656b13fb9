package dev.switchboard.capture.pcap;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Raw IPv4 packets (no link header) for test captures: UDP with a payload, TCP flags. Stateless. */
public final class Ipv4Frames {
  public static final int SYN = 0x02;
  public static final int ACK = 0x10;
  public static final int FIN = 0x01;

  private Ipv4Frames() {}

  public static byte[] udp(String src, int sport, String dst, int dport, byte[] payload) {
    ByteBuffer u = ByteBuffer.allocate(8 + payload.length);
    u.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length))
        .putShort((short) 0).put(payload);
    return ip(17, src, dst, u.array());
  }

  public static byte[] tcp(String src, int sport, String dst, int dport, int flags, long seq) {
    ByteBuffer t = ByteBuffer.allocate(20);
    t.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt(0)
        .put((byte) 0x50).put((byte) flags).putShort((short) 65535).putInt(0);
    return ip(6, src, dst, t.array());
  }

  private static byte[] ip(int proto, String src, String dst, byte[] payload) {
    ByteBuffer h = ByteBuffer.allocate(20);
    h.put((byte) 0x45).put((byte) 0).putShort((short) (20 + payload.length)).putInt(0)
        .put((byte) 64).put((byte) proto).putShort((short) 0).put(addr(src)).put(addr(dst));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(h.array());
    out.writeBytes(payload);
    return out.toByteArray();
  }

  /** A DNS message: one question, and for a response the rcode and at most one A answer. */
  public static byte[] dns(int id, boolean response, int rcode, String name, String answer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int flags = response ? 0x8180 | rcode : 0x0100;
    out.writeBytes(ByteBuffer.allocate(12).putShort((short) id).putShort((short) flags)
        .putShort((short) 1).putShort((short) (answer == null ? 0 : 1)).putInt(0).array());
    out.writeBytes(name(name));
    out.writeBytes(new byte[] {0, 1, 0, 1});
    if (answer != null) {
      out.writeBytes(new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4});
      out.writeBytes(addr(answer));
    }
    return out.toByteArray();
  }

  /** A name in DNS wire form, uncompressed. */
  public static byte[] name(String dotted) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String label : dotted.split("\\.")) {
      out.write(label.length());
      out.writeBytes(label.getBytes());
    }
    out.write(0);
    return out.toByteArray();
  }

  private static byte[] addr(String ip) {
    try {
      return InetAddress.getByName(ip).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(ip, e);
    }
  }
}
