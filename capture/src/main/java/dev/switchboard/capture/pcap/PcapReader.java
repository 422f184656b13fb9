package dev.switchboard.capture.pcap;

import dev.switchboard.capture.packet.LinkType;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads classic pcap (either byte order, micro- or nanosecond, and the modified-pcap variant) and
 * pcapng (section headers in either byte order, interface descriptions with names, timestamp
 * resolution and offset, enhanced and simple packet blocks) one frame at a time. Untrusted input:
 * every length is checked against a bound before anything is allocated, and every block against
 * the least its type needs before a field is read. A file that is not a capture at all is refused
 * by the constructor ({@link NotACaptureException}); a file damaged later ends with a
 * {@link PcapFormatException} naming the byte offset, and every frame before it has been returned.
 * Not thread-safe.
 */
public final class PcapReader implements AutoCloseable {
  private static final int MAX_FRAME = 262_144;
  private static final int MAX_BLOCK = 16 * 1024 * 1024;
  private static final int PCAP_MICRO = 0xa1b2c3d4;
  private static final int PCAP_NANO = 0xa1b23c4d;
  private static final int PCAP_MODIFIED = 0xa1b2cd34;
  private static final int PCAPNG_SHB = 0x0a0d0d0a;
  private static final int BYTE_ORDER_MAGIC = 0x1a2b3c4d;
  /** libpcap's LT_LINKTYPE: the upper bits of a pcap header's link field carry the FCS length. */
  private static final int LINK_TYPE_BITS = 0x03ffffff;
  private static final int IDB = 1;
  private static final int SPB = 3;
  private static final int EPB = 6;

  private final DataInputStream in;
  private final boolean pcapng;
  private ByteOrder order;
  private long position;
  private int classicLinkCode;
  private LinkType classicLink;
  private boolean classicNanos;
  private int classicRecordHeader = 16;
  private final List<Interface> interfaces = new ArrayList<>();

  private record Interface(LinkType link, int linkCode, String name, long unitsPerSecond,
      long offsetSeconds) {}

  public PcapReader(InputStream input) throws IOException, NotACaptureException {
    this.in = new DataInputStream(input);
    byte[] magic = new byte[4];
    int got = in.readNBytes(magic, 0, 4);
    if (got == 0) {
      throw new NotACaptureException("the file is empty: not a capture file");
    }
    if (got < 4) {
      throw new NotACaptureException("the file has only " + got + " bytes: not a capture file");
    }
    position = 4;
    int be = ByteBuffer.wrap(magic).order(ByteOrder.BIG_ENDIAN).getInt();
    int le = ByteBuffer.wrap(magic).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (be == PCAPNG_SHB) {
      pcapng = true;
      byte[] rest = header(8, "pcapng section header");
      order = byteOrder(rest, 4);
      if (order == null) {
        throw new NotACaptureException("a pcapng section header with a bad byte-order magic");
      }
      int total = ByteBuffer.wrap(rest, 0, 4).order(order).getInt();
      if (total < 28 || total > MAX_BLOCK || total % 4 != 0) {
        throw new NotACaptureException("a pcapng section header of length " + total);
      }
      header(total - 12, "pcapng section header");
    } else if (isClassic(be) || isClassic(le)) {
      pcapng = false;
      int m = isClassic(be) ? be : le;
      order = isClassic(be) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
      classicNanos = m == PCAP_NANO;
      classicRecordHeader = m == PCAP_MODIFIED ? 24 : 16;
      ByteBuffer h = buffer(header(20, "pcap file header"));
      h.position(16);
      classicLinkCode = h.getInt() & LINK_TYPE_BITS;
      classicLink = LinkType.of(classicLinkCode);
    } else {
      throw new NotACaptureException("not a pcap or pcapng file: it starts with "
          + preview(magic));
    }
  }

  private static boolean isClassic(int magic) {
    return magic == PCAP_MICRO || magic == PCAP_NANO || magic == PCAP_MODIFIED;
  }

  private static ByteOrder byteOrder(byte[] b, int at) {
    int magic = ByteBuffer.wrap(b, at, 4).order(ByteOrder.BIG_ENDIAN).getInt();
    return magic == BYTE_ORDER_MAGIC ? ByteOrder.BIG_ENDIAN
        : Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC ? ByteOrder.LITTLE_ENDIAN : null;
  }

  /** The next frame, or null at the end of the file. */
  public CapturedFrame next() throws IOException, PcapFormatException {
    return pcapng ? nextBlockFrame() : nextClassic();
  }

  private CapturedFrame nextClassic() throws IOException, PcapFormatException {
    byte[] head = readOrEnd(classicRecordHeader);
    if (head == null) {
      return null;
    }
    ByteBuffer h = buffer(head);
    long sec = h.getInt() & 0xffffffffL;
    long frac = h.getInt() & 0xffffffffL;
    int incl = h.getInt();
    int orig = h.getInt();
    if (incl < 0 || incl > MAX_FRAME) {
      throw new PcapFormatException("frame at byte " + (position - classicRecordHeader)
          + " claims " + incl + " captured bytes (at most " + MAX_FRAME + ")");
    }
    byte[] data = readFully(incl, "frame data");
    long ns = sec * 1_000_000_000L + (classicNanos ? frac : frac * 1000);
    return new CapturedFrame(classicLink, classicLinkCode, null, ns, data, orig);
  }

  private CapturedFrame nextBlockFrame() throws IOException, PcapFormatException {
    while (true) {
      byte[] head = readOrEnd(8);
      if (head == null) {
        return null;
      }
      long blockStart = position - 8;
      int type = buffer(head).getInt();
      if (type == PCAPNG_SHB) {
        nextSection(head, blockStart);
        continue;
      }
      int total = buffer(head).getInt(4);
      if (total < 12 || total > MAX_BLOCK || total % 4 != 0) {
        throw new PcapFormatException("block at byte " + blockStart + " has length " + total);
      }
      ByteBuffer body = buffer(readFully(total - 8, "block body"));
      int trailing = body.getInt(total - 12);
      if (trailing != total) {
        throw new PcapFormatException("block at byte " + blockStart + " has length " + total
            + " at its start and " + trailing + " at its end");
      }
      body.limit(total - 12);
      switch (type) {
        case IDB -> readInterface(body, blockStart);
        case EPB -> {
          return enhancedPacket(body, blockStart);
        }
        case SPB -> {
          return simplePacket(body, blockStart);
        }
        default -> {
          // other blocks (statistics, name resolution, custom) are not needed
        }
      }
    }
  }

  /** A new section: its own byte order, and interfaces numbered from 0 again. */
  private void nextSection(byte[] head, long at) throws IOException, PcapFormatException {
    byte[] bom = readFully(4, "section header");
    ByteOrder o = byteOrder(bom, 0);
    if (o == null) {
      throw new PcapFormatException("section header at byte " + at + " has a bad byte-order magic");
    }
    order = o;
    int total = buffer(head).getInt(4);
    if (total < 28 || total > MAX_BLOCK || total % 4 != 0) {
      throw new PcapFormatException("section header at byte " + at + " has length " + total);
    }
    readFully(total - 12, "section header");
    interfaces.clear();
  }

  /** @param b the block's body, without its trailing length */
  private void readInterface(ByteBuffer b, long at) throws PcapFormatException {
    if (b.remaining() < 8) {
      throw new PcapFormatException("interface description block at byte " + at + " is "
          + (b.remaining() + 12) + " bytes long (at least 20 are needed)");
    }
    int linkCode = b.getShort() & 0xffff;
    b.getShort();
    b.getInt();
    String name = null;
    long units = 1_000_000;
    long offset = 0;
    while (b.remaining() >= 4) {
      int code = b.getShort() & 0xffff;
      int len = b.getShort() & 0xffff;
      if (code == 0 || len > b.remaining()) {
        break;
      }
      byte[] value = new byte[len];
      b.get(value);
      b.position(Math.min(b.limit(), b.position() + (4 - len % 4) % 4));
      if (code == 2) {
        name = new String(value, StandardCharsets.UTF_8);
      } else if (code == 9 && len >= 1) {
        int r = value[0] & 0xff;
        units = (r & 0x80) != 0 ? 1L << Math.min(62, r & 0x7f) : pow10(Math.min(18, r));
      } else if (code == 14 && len == 8) {
        offset = ByteBuffer.wrap(value).order(order).getLong();
      }
    }
    interfaces.add(new Interface(LinkType.of(linkCode), linkCode, name, units, offset));
  }

  private static long pow10(int n) {
    long v = 1;
    for (int i = 0; i < n; i++) {
      v *= 10;
    }
    return v;
  }

  private CapturedFrame enhancedPacket(ByteBuffer b, long at) throws PcapFormatException {
    if (b.remaining() < 20) {
      throw new PcapFormatException("enhanced packet block at byte " + at + " is too short");
    }
    int ifIndex = b.getInt();
    long ts = ((b.getInt() & 0xffffffffL) << 32) | (b.getInt() & 0xffffffffL);
    int captured = b.getInt();
    int original = b.getInt();
    if (ifIndex < 0 || ifIndex >= interfaces.size()) {
      throw new PcapFormatException("packet at byte " + at + " names undeclared interface " + ifIndex);
    }
    if (captured < 0 || captured > b.remaining()) {
      throw new PcapFormatException("packet at byte " + at + " claims " + captured
          + " bytes in a block of " + (b.remaining() + 32));
    }
    byte[] data = new byte[captured];
    b.get(data);
    Interface i = interfaces.get(ifIndex);
    long u = i.unitsPerSecond;
    long ns = u == 1_000_000_000L ? ts
        : (ts / u) * 1_000_000_000L + (ts % u) * 1_000_000_000L / u;
    return new CapturedFrame(i.link, i.linkCode, i.name, ns + i.offsetSeconds * 1_000_000_000L,
        data, original);
  }

  private CapturedFrame simplePacket(ByteBuffer b, long at) throws PcapFormatException {
    if (interfaces.isEmpty() || b.remaining() < 4) {
      throw new PcapFormatException("simple packet block at byte " + at + " without an interface");
    }
    int original = b.getInt();
    byte[] data = new byte[Math.max(0, Math.min(original, b.remaining()))];
    b.get(data);
    Interface i = interfaces.get(0);
    return new CapturedFrame(i.link, i.linkCode, i.name, 0, data, original);
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

  /** Bytes of the file's first header: a file cut there is not a capture at all. */
  private byte[] header(int n, String what) throws IOException, NotACaptureException {
    byte[] b = new byte[n];
    int got = in.readNBytes(b, 0, n);
    if (got < n) {
      throw new NotACaptureException("the file ends inside its " + what + ", after "
          + (position + got) + " bytes: not a complete capture file");
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

  /** The first bytes as text when they are printable, else as hex. */
  private static String preview(byte[] b) {
    boolean printable = true;
    StringBuilder hex = new StringBuilder();
    for (byte x : b) {
      printable &= x >= 0x20 && x < 0x7f || x == '\n' || x == '\r' || x == '\t';
      hex.append(hex.length() > 0 ? " " : "").append(String.format("%02x", x));
    }
    return printable ? "the text \"" + new String(b, StandardCharsets.US_ASCII).strip() + "\""
        : "the bytes " + hex;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
