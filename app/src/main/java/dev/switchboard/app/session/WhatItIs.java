package dev.switchboard.app.session;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Says what a file that is not a session seems to be, from its first bytes: a capture (open it
 * with --pcap), a cluster dump (--dump), text, or bytes. Stateless; any thread.
 */
final class WhatItIs {
  private WhatItIs() {}

  static String describe(byte[] head, int length) {
    if (length >= 4) {
      int be = ByteBuffer.wrap(head, 0, 4).getInt();
      int le = ByteBuffer.wrap(head, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      if (be == 0x0a0d0d0a || be == 0xa1b2c3d4 || le == 0xa1b2c3d4 || be == 0xa1b23c4d
          || le == 0xa1b23c4d) {
        return "it is a packet capture (pcap/pcapng): open it with --pcap";
      }
    }
    String text = new String(head, 0, length, StandardCharsets.UTF_8);
    if (text.startsWith("apiVersion") || text.startsWith("{") || text.startsWith("kind")
        || text.startsWith("items") || text.startsWith("---")) {
      return "it looks like a cluster dump (YAML or JSON): open it with --dump";
    }
    boolean printable = text.chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '\n'
        || c == '\r' || c == '\t');
    String first = text.lines().findFirst().orElse("").strip();
    return printable ? "it starts with the text \"" + (first.length() > 16
        ? first.substring(0, 16) + "…" : first) + "\""
        : "it starts with bytes that are not a session header";
  }
}
