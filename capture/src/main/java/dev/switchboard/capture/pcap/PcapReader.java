package dev.switchboard.capture.pcap;

import dev.switchboard.capture.packet.LinkType;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads classic pcap (either byte order, micro- or nanosecond) and pcapng (section header,
 * interface descriptions with names and timestamp resolution, enhanced and simple packet blocks)
 * one frame at a time. Untrusted input: every length is checked against a bound before anything
 * is allocated; a damaged file ends with a {@link PcapFormatException} naming the byte offset,
 * and every frame before it has been returned. Not thread-safe.
 */
public final class PcapReader implements AutoCloseable {
  private static final int MAX_FRAME = 262_144;
  private static final int MAX_BLOCK = 16 * 1024 * 1024;
  private static final int PCAP_MICRO = 0xa1b2c3d4;
  private static final int PCAP_NANO = 0xa1b23c4d;
  private static final int PCAPNG_SHB = 0x0a0d0d0a;

  private final DataInputStream in;
  private final boolean pcapng;
  private ByteOrder order;
  private long position;
  private LinkType classicLink;
  private int classicLinkCode;
  private boolean classicNanos;
  private final List<Interface> interfaces = new ArrayList<>();

  private record Interface(LinkType link, String name, long unitsPerSecond) {}

  public PcapReader(InputStream input) throws IOException, PcapFormatException {
    this.in = new DataInputStream(input);
    byte[] magic = readFully(4, "file header");
    int be = ByteBuffer.wrap(magic).order(ByteOrder.BIG_ENDIAN).getInt();
    int le = ByteBuffer.wrap(magic).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (be == PCAPNG_SHB) {
      pcapng = true;
      readSectionHeader();
    } else if (be == PCAP_MICRO || be == PCAP_NANO || le == PCAP_MICRO || le == PCAP_NANO) {
      pcapng = false;
      order = (be == PCAP_MICRO || be == PCAP_NANO) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      classicNanos = be == PCAP_NANO || le == PCAP_NANO;
      ByteBuffer h = buffer(readFully(20, "file header"));
      h.position(16);
      classicLinkCode = h.getInt() & 0x0fffffff;
      classicLink = LinkType.of(classicLinkCode);
    } else {
      throw new PcapFormatException("not a pcap or pcapng file (magic " + hex(magic) + ")");
    }
  }

  /** The next frame, or null at the end of the file. */
  public CapturedFrame next() throws IOException, PcapFormatException {
    return pcapng ? nextBlockFrame() : nextClassic();
  }

  private CapturedFrame nextClassic() throws IOException, PcapFormatException {
    byte[] head = readOrEnd(16);
    if (head == null) {
      return null;
    }
    ByteBuffer h = buffer(head);
    long sec = h.getInt() & 0xffffffffL;
    long frac = h.getInt() & 0xffffffffL;
    int incl = h.getInt();
    int orig = h.getInt();
    if (incl < 0 || incl > MAX_FRAME) {
      throw new PcapFormatException("frame at byte " + (position - 16) + " claims " + incl
          + " captured bytes (at most " + MAX_FRAME + ")");
    }
    byte[] data = readFully(incl, "frame data");
    long ns = sec * 1_000_000_000L + (classicNanos ? frac : frac * 1000);
    return new CapturedFrame(classicLink, null, ns, data, orig);
  }

  private CapturedFrame nextBlockFrame() throws IOException, PcapFormatException {
    while (true) {
      byte[] head = readOrEnd(8);
      if (head == null) {
        return null;
      }
      long blockStart = position - 8;
      ByteBuffer h = buffer(head);
      int type = h.getInt();
      int total = h.getInt();
      if (type == PCAPNG_SHB) {
        interfaces.clear();
        readSectionHeaderBody(total, blockStart);
        continue;
      }
      if (total < 12 || total > MAX_BLOCK || total % 4 != 0) {
        throw new PcapFormatException("block at byte " + blockStart + " has length " + total);
      }
      ByteBuffer body = buffer(readFully(total - 8, "block body"));
      switch (type) {
        case 1 -> readInterface(body, total - 12);
        case 6 -> {
          return enhancedPacket(body, total - 12, blockStart);
        }
        case 3 -> {
          return simplePacket(body, total - 12, blockStart);
        }
        default -> {
          // other blocks (statistics, name resolution, custom) are not needed
        }
      }
    }
  }

  private void readSectionHeader() throws IOException, PcapFormatException {
    byte[] rest = readFully(8, "section header");
    ByteBuffer bom = ByteBuffer.wrap(rest, 4, 4).order(ByteOrder.BIG_ENDIAN);
    int magic = bom.getInt();
    if (magic == 0x1a2b3c4d) {
      order = ByteOrder.BIG_ENDIAN;
    } else if (magic == 0x4d3c2b1a) {
      order = ByteOrder.LITTLE_ENDIAN;
    } else {
      throw new PcapFormatException("pcapng section header with bad byte-order magic");
    }
    int total = ByteBuffer.wrap(rest, 0, 4).order(order).getInt();
    if (total < 28 || total > MAX_BLOCK || total % 4 != 0) {
      throw new PcapFormatException("pcapng section header has length " + total);
    }
    readFully(total - 12, "section header");
  }

  private void readSectionHeaderBody(int total, long at) throws IOException, PcapFormatException {
    if (total < 28 || total > MAX_BLOCK) {
      throw new PcapFormatException("section header at byte " + at + " has length " + total);
    }
    readFully(total - 8, "section header");
  }

  private void readInterface(ByteBuffer b, int bodyLen) {
    int linkCode = b.getShort() & 0xffff;
    b.getShort();
    b.getInt();
    String name = null;
    long units = 1_000_000;
    while (b.remaining() >= 8) {
      int code = b.getShort() & 0xffff;
      int len = b.getShort() & 0xffff;
      if (code == 0 || len > b.remaining() - 4) {
        break;
      }
      byte[] value = new byte[len];
      b.get(value);
      b.position(b.position() + ((4 - len % 4) % 4));
      if (code == 2) {
        name = new String(value, java.nio.charset.StandardCharsets.UTF_8);
      } else if (code == 9 && len >= 1) {
        int r = value[0] & 0xff;
        units = (r & 0x80) != 0 ? 1L << Math.min(62, r & 0x7f) : pow10(Math.min(18, r));
      }
    }
    interfaces.add(new Interface(LinkType.of(linkCode), name, units));
  }

  private static long pow10(int n) {
    long v = 1;
    for (int i = 0; i < n; i++) {
      v *= 10;
    }
    return v;
  }

  private CapturedFrame enhancedPacket(ByteBuffer b, int bodyLen, long at) throws PcapFormatException {
    if (bodyLen < 20) {
      throw new PcapFormatException("enhanced packet block at byte " + at + " is too short");
    }
    int ifIndex = b.getInt();
    long ts = ((b.getInt() & 0xffffffffL) << 32) | (b.getInt() & 0xffffffffL);
    int captured = b.getInt();
    int original = b.getInt();
    if (ifIndex < 0 || ifIndex >= interfaces.size()) {
      throw new PcapFormatException("packet at byte " + at + " names undeclared interface " + ifIndex);
    }
    if (captured < 0 || captured > bodyLen - 20) {
      throw new PcapFormatException("packet at byte " + at + " claims " + captured
          + " bytes in a block of " + bodyLen);
    }
    byte[] data = new byte[captured];
    b.get(data);
    Interface i = interfaces.get(ifIndex);
    long ns = i.unitsPerSecond == 1_000_000_000L ? ts
        : (ts / i.unitsPerSecond) * 1_000_000_000L + (ts % i.unitsPerSecond) * 1_000_000_000L / i.unitsPerSecond;
    return new CapturedFrame(i.link, i.name, ns, data, original);
  }

  private CapturedFrame simplePacket(ByteBuffer b, int bodyLen, long at) throws PcapFormatException {
    if (interfaces.isEmpty() || bodyLen < 4) {
      throw new PcapFormatException("simple packet block at byte " + at + " without an interface");
    }
    int original = b.getInt();
    int captured = Math.min(original, bodyLen - 4);
    byte[] data = new byte[Math.max(0, captured)];
    b.get(data);
    Interface i = interfaces.get(0);
    return new CapturedFrame(i.link, i.name, 0, data, original);
  }

  private ByteBuffer buffer(byte[] bytes) {
    return ByteBuffer.wrap(bytes).order(order == null ? ByteOrder.BIG_ENDIAN : order);
  }

  private byte[] readOrEnd(int n) throws IOException, PcapFormatException {
    byte[] b = new byte[n];
    int got = in.readNBytes(b, 0, n);
    if (got == 0) {
      return null;
    }
    if (got < n) {
      throw new PcapFormatException("file ends inside a record header at byte " + (position + got)
          + " (truncated capture)");
    }
    position += n;
    return b;
  }

  private byte[] readFully(int n, String what) throws IOException, PcapFormatException {
    byte[] b = new byte[n];
    try {
      in.readFully(b);
    } catch (EOFException e) {
      throw new PcapFormatException("file ends inside the " + what + " starting at byte " + position
          + " (truncated capture)");
    }
    position += n;
    return b;
  }

  /** Link-type number of a classic pcap file, even one Switchboard does not decode. */
  public int classicLinkCode() {
    return classicLinkCode;
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (byte x : b) {
      s.append(String.format("%02x", x));
    }
    return s.toString();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
