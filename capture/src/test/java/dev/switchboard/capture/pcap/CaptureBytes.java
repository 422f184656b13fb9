package dev.switchboard.capture.pcap;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds capture files byte by byte for tests: classic pcap and pcapng blocks, well-formed or
 * deliberately damaged (any length field can be given as written). Little-endian unless a
 * section asks otherwise. Not thread-safe.
 */
public final class CaptureBytes {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

  public byte[] bytes() {
    return out.toByteArray();
  }

  /** Classic pcap header: microseconds, version 2.4, snaplen 65535, the given link field. */
  public static CaptureBytes classic(int linkField) {
    CaptureBytes c = new CaptureBytes();
    ByteBuffer h = c.buffer(24);
    h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
        .putInt(65535).putInt(linkField);
    c.out.writeBytes(h.array());
    return c;
  }

  public CaptureBytes record(long tsMicros, byte[] frame) {
    ByteBuffer r = buffer(16 + frame.length);
    r.putInt((int) (tsMicros / 1_000_000)).putInt((int) (tsMicros % 1_000_000))
        .putInt(frame.length).putInt(frame.length).put(frame);
    out.writeBytes(r.array());
    return this;
  }

  /** A pcapng file: its section header block. */
  public static CaptureBytes pcapng(ByteOrder order) {
    CaptureBytes c = new CaptureBytes();
    c.section(order);
    return c;
  }

  public CaptureBytes section(ByteOrder order) {
    this.order = order;
    ByteBuffer shb = buffer(28);
    shb.putInt(0x0a0d0d0a).putInt(28).putInt(0x1a2b3c4d).putShort((short) 1).putShort((short) 0)
        .putLong(-1).putInt(28);
    out.writeBytes(shb.array());
    return this;
  }

  /** An interface description block with a name and nanosecond resolution. */
  public CaptureBytes iface(int linkType, String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    int padded = (n.length + 3) / 4 * 4;
    int len = 20 + 4 + padded + 8 + 4;
    ByteBuffer b = buffer(len);
    b.putInt(1).putInt(len).putShort((short) linkType).putShort((short) 0).putInt(0);
    b.putShort((short) 2).putShort((short) n.length).put(n).put(new byte[padded - n.length]);
    b.putShort((short) 9).putShort((short) 1).put((byte) 9).put(new byte[3]);
    b.putShort((short) 0).putShort((short) 0).putInt(len);
    out.writeBytes(b.array());
    return this;
  }

  /** An enhanced packet block on interface {@code ifIndex}, timestamp in the interface's units. */
  public CaptureBytes packet(int ifIndex, long ts, byte[] frame) {
    int padded = (frame.length + 3) / 4 * 4;
    int len = 32 + padded;
    ByteBuffer b = buffer(len);
    b.putInt(6).putInt(len).putInt(ifIndex).putInt((int) (ts >>> 32)).putInt((int) ts)
        .putInt(frame.length).putInt(frame.length).put(frame).put(new byte[padded - frame.length])
        .putInt(len);
    out.writeBytes(b.array());
    return this;
  }

  /** A block exactly as given: type, the length fields as written, and a body. */
  public CaptureBytes block(int type, int leadingLength, byte[] body, int trailingLength) {
    ByteBuffer b = buffer(12 + body.length);
    b.putInt(type).putInt(leadingLength).put(body).putInt(trailingLength);
    out.writeBytes(b.array());
    return this;
  }

  public CaptureBytes raw(byte[] bytes) {
    out.writeBytes(bytes);
    return this;
  }

  private ByteBuffer buffer(int n) {
    return ByteBuffer.allocate(n).order(order);
  }
}
