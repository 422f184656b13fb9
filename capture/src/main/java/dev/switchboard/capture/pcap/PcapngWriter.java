package dev.switchboard.capture.pcap;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes pcapng (draft-ietf-opsawg-pcapng), little-endian: one section, interfaces with
 * nanosecond timestamps, name resolution, and packets with a comment each. An interface must be
 * added before its first packet; names may be added at any point, and apply to the packets after
 * them (Wireshark reads the file in one pass). Not thread-safe: one writer thread.
 */
public final class PcapngWriter implements AutoCloseable {
  private static final int SHB = 0x0A0D0D0A;
  private static final int IDB = 1;
  private static final int NRB = 4;
  private static final int EPB = 6;
  private static final int OPT_END = 0;
  private static final int OPT_COMMENT = 1;
  private static final int SHB_USERAPPL = 4;
  private static final int IF_NAME = 2;
  private static final int IF_DESCRIPTION = 3;
  private static final int IF_TSRESOL = 9;
  private static final int NRB_IPV4 = 1;
  private static final int NRB_IPV6 = 2;
  /** Options and names longer than this are cut: an option's length is 16 bits. */
  private static final int MAX_TEXT = 60_000;

  private final OutputStream out;
  private int interfaces;

  /** Writes the section header, naming the application that wrote the file. */
  public PcapngWriter(OutputStream out, String application) throws IOException {
    this.out = out;
    ByteBuffer body = buffer(16 + optionsSize(Map.of(SHB_USERAPPL, application)));
    body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
    options(body, Map.of(SHB_USERAPPL, application));
    block(SHB, body);
  }

  /**
   * Adds an interface; returns its id for {@link #packet}.
   *
   * @param linkType the pcap LINKTYPE_ of its packets
   * @param snaplen the most bytes kept of a packet (0: no limit)
   */
  public int addInterface(int linkType, int snaplen, String name, String description)
      throws IOException {
    Map<Integer, String> text = new java.util.LinkedHashMap<>();
    text.put(IF_NAME, name);
    text.put(IF_DESCRIPTION, description);
    ByteBuffer body = buffer(8 + optionsSize(text) + 8);
    body.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
    for (Map.Entry<Integer, String> o : text.entrySet()) {
      option(body, o.getKey(), utf8(o.getValue()));
    }
    option(body, IF_TSRESOL, new byte[] {9});
    body.putShort((short) OPT_END).putShort((short) 0);
    block(IDB, body);
    return interfaces++;
  }

  /** Name resolution: each address (IPv4 or IPv6 text) with the names it goes by. */
  public void names(Map<String, List<String>> byAddress) throws IOException {
    int size = 4;
    java.util.List<byte[]> records = new java.util.ArrayList<>();
    java.util.List<Integer> types = new java.util.ArrayList<>();
    for (Map.Entry<String, List<String>> e : byAddress.entrySet()) {
      byte[] addr = address(e.getKey());
      java.io.ByteArrayOutputStream r = new java.io.ByteArrayOutputStream();
      r.writeBytes(addr);
      for (String n : e.getValue()) {
        r.writeBytes(utf8(n));
        r.write(0);
      }
      byte[] value = r.toByteArray();
      if (value.length > MAX_TEXT) {
        continue;
      }
      records.add(value);
      types.add(addr.length == 4 ? NRB_IPV4 : NRB_IPV6);
      size += 4 + pad(value.length);
    }
    ByteBuffer body = buffer(size);
    for (int i = 0; i < records.size(); i++) {
      option(body, types.get(i), records.get(i));
    }
    body.putShort((short) 0).putShort((short) 0);
    block(NRB, body);
  }

  /**
   * One packet.
   *
   * @param data the bytes kept (may be fewer than {@code originalLength})
   * @param comment shown by Wireshark as the packet's comment; null for none
   */
  public void packet(int interfaceId, long timestampNanos, byte[] data, int originalLength,
      String comment) throws IOException {
    if (interfaceId < 0 || interfaceId >= interfaces) {
      throw new IllegalArgumentException("no interface " + interfaceId);
    }
    Map<Integer, String> opts = comment == null ? Map.of() : Map.of(OPT_COMMENT, comment);
    ByteBuffer body = buffer(20 + pad(data.length) + optionsSize(opts));
    body.putInt(interfaceId).putInt((int) (timestampNanos >>> 32)).putInt((int) timestampNanos)
        .putInt(data.length).putInt(Math.max(originalLength, data.length)).put(data);
    body.position(body.position() + pad(data.length) - data.length);
    options(body, opts);
    block(EPB, body);
  }

  private static byte[] address(String text) {
    try {
      if (!text.matches("[0-9.]+|[0-9A-Fa-f:.]+")) {
        throw new IllegalArgumentException("not an IP address: " + text);
      }
      return java.net.InetAddress.getByName(text).getAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + text, e);
    }
  }

  private static byte[] utf8(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    return b.length <= MAX_TEXT ? b : java.util.Arrays.copyOf(b, MAX_TEXT);
  }

  private static int pad(int n) {
    return (n + 3) & ~3;
  }

  private static int optionsSize(Map<Integer, String> opts) {
    if (opts.isEmpty()) {
      return 0;
    }
    int size = 4;
    for (String v : opts.values()) {
      size += 4 + pad(utf8(v).length);
    }
    return size;
  }

  private static void options(ByteBuffer body, Map<Integer, String> opts) {
    if (opts.isEmpty()) {
      return;
    }
    opts.forEach((code, value) -> option(body, code, utf8(value)));
    body.putShort((short) OPT_END).putShort((short) 0);
  }

  private static void option(ByteBuffer body, int code, byte[] value) {
    body.putShort((short) code).putShort((short) value.length).put(value);
    body.position(body.position() + pad(value.length) - value.length);
  }

  private static ByteBuffer buffer(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private void block(int type, ByteBuffer body) throws IOException {
    int total = 12 + body.capacity();
    ByteBuffer b = buffer(total);
    b.putInt(type).putInt(total).put(body.array()).putInt(total);
    out.write(b.array());
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
