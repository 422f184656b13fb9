package dev.switchboard.app.session;

import java.nio.charset.StandardCharsets;

/**
 * The container layout of a session file (docs/session-format.md): a 24-byte file header, then
 * blocks of deflate-compressed JSON lines, each with a 40-byte header and a CRC-32C over both.
 * Constants only.
 */
final class SessionFormat {
  static final byte[] MAGIC = "SWITCHBOARD-SESSION\n".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  static final int FILE_HEADER = MAGIC.length + 4;
  static final int BLOCK_MAGIC = 0x53424c4b; // "SBLK"
  static final int BLOCK_HEADER = 40;
  /** Bounds a reader checks before allocating: a block holds at most this much, either form. */
  static final int MAX_BLOCK = 16 << 20;
  /** A writer closes a block at this size or after {@link #BLOCK_NANOS}, whichever comes first. */
  static final int BLOCK_TARGET = 256 << 10;
  static final long BLOCK_NANOS = 1_000_000_000L;
  /** File name suffix the window offers and drag and drop recognises. */
  static final String SUFFIX = ".sbsession";

  private SessionFormat() {}
}
