package dev.switchboard.app.session;

import dev.switchboard.capture.wire.WireFormatException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a session file record by record (docs/session-format.md). Untrusted input: lengths are
 * bounded before anything is allocated, every block's checksum is checked before its records are
 * believed, and a block that is cut or damaged ends the reading with {@link #damage()} naming the
 * block, its byte offset and the time the good part reaches — every record before it has been
 * returned. A file that is not a session (or is a newer one) is refused by the constructor.
 * Records of types this version does not know are skipped and counted. Not thread-safe.
 */
public final class SessionReader implements AutoCloseable {
  /** How much of the file is good: whole blocks, and the bytes they end at. */
  public record Extent(int blocks, long validBytes) {}

  /**
   * Where a block starts and what it covers, so a player can start reading there.
   *
   * @param firstRecord the ordinal (from 0, over the whole file) of the block's first record
   */
  public record Block(int number, long offset, long firstRecord, long firstNanos,
      long lastNanos) {}

  private final DataInputStream in;
  private final ArrayDeque<String> lines = new ArrayDeque<>();
  private final Inflater inflater = new Inflater(true);
  private long position;
  private long validBytes;
  private int block;
  private int record;
  private long goodUntilNanos = Long.MIN_VALUE;
  private String damage;
  private long skipped;
  private boolean ended;
  private long ordinal = -1;
  private long nextOrdinal;
  private final java.util.List<Block> blocks = new java.util.ArrayList<>();

  public SessionReader(InputStream input) throws IOException, SessionFormatException {
    this.in = new DataInputStream(input);
    byte[] h = new byte[SessionFormat.FILE_HEADER];
    int got = in.readNBytes(h, 0, h.length);
    if (got == 0) {
      throw new SessionFormatException("the file is empty: not a Switchboard session");
    }
    byte[] magic = Arrays.copyOf(h, SessionFormat.MAGIC.length);
    if (!Arrays.equals(magic, SessionFormat.MAGIC)) {
      throw new SessionFormatException("not a Switchboard session: " + WhatItIs.describe(h, got));
    }
    if (got < h.length) {
      throw new SessionFormatException("the file ends inside its header, after " + got
          + " bytes: not a complete session");
    }
    int version = ByteBuffer.wrap(h, SessionFormat.MAGIC.length, 2).getShort() & 0xffff;
    if (version > SessionFormat.VERSION) {
      throw new SessionFormatException("this session was written by a newer Switchboard (session"
          + " format " + version + "; this version reads format " + SessionFormat.VERSION
          + "): update Switchboard to open it");
    }
    if (version == 0) {
      throw new SessionFormatException("the session header names format 0: not a session"
          + " this or any version wrote");
    }
    position = h.length;
    validBytes = position;
  }

  /**
   * A reader of {@code path} that starts at {@code from} (a block an earlier reading found): the
   * header is checked again, the blocks before it are skipped unread.
   */
  public static SessionReader from(java.nio.file.Path path, Block from)
      throws IOException, SessionFormatException {
    InputStream in = java.nio.file.Files.newInputStream(path);
    SessionReader r;
    try {
      r = new SessionReader(in);
      in.skipNBytes(from.offset() - r.position);
    } catch (IOException | SessionFormatException | RuntimeException e) {
      in.close();
      throw e;
    }
    r.position = from.offset();
    r.validBytes = from.offset();
    r.block = from.number();
    r.nextOrdinal = from.firstRecord();
    return r;
  }

  /** The next record, or null at the end of the file or at damage ({@link #damage()}). */
  public SessionRecord next() throws IOException {
    while (true) {
      while (!lines.isEmpty()) {
        String line = lines.poll();
        record++;
        ordinal = nextOrdinal++;
        try {
          SessionRecord r = SessionCodec.decode(line);
          if (r == null) {
            skipped++;
            continue;
          }
          return r;
        } catch (WireFormatException e) {
          lines.clear();
          damaged("block " + (block - 1) + ", record " + record + ", is not a record this"
              + " version can read (" + e.getMessage() + ")");
          return null;
        }
      }
      if (ended || !readBlock()) {
        return null;
      }
    }
  }

  private boolean readBlock() throws IOException {
    long at = position;
    byte[] h = new byte[SessionFormat.BLOCK_HEADER];
    int got = in.readNBytes(h, 0, h.length);
    if (got == 0) {
      ended = true;
      return false;
    }
    if (got < h.length) {
      return cut(at);
    }
    ByteBuffer b = ByteBuffer.wrap(h);
    int magic = b.getInt();
    int number = b.getInt();
    int stored = b.getInt();
    int rawLength = b.getInt();
    int count = b.getInt();
    long first = b.getLong();
    long last = b.getLong();
    int crc = b.getInt();
    if (magic != SessionFormat.BLOCK_MAGIC || number != block) {
      return damaged("block " + block + " at byte " + at + " does not start like a block");
    }
    if (stored < 0 || stored > SessionFormat.MAX_BLOCK || rawLength < 0
        || rawLength > SessionFormat.MAX_BLOCK || count < 0) {
      return damaged("block " + block + " at byte " + at + " claims " + stored
          + " stored bytes and " + rawLength + " raw bytes");
    }
    byte[] payload = new byte[stored];
    if (in.readNBytes(payload, 0, stored) < stored) {
      return cut(at);
    }
    CRC32C check = new CRC32C();
    check.update(h, 0, h.length - 4);
    check.update(payload);
    if ((int) check.getValue() != crc) {
      return damaged("block " + block + " at byte " + at + " is damaged: its checksum does not"
          + " match");
    }
    byte[] raw = inflate(payload, rawLength);
    if (raw == null) {
      return damaged("block " + block + " at byte " + at + " does not decompress to the "
          + rawLength + " bytes it claims");
    }
    String[] found = new String(raw, StandardCharsets.UTF_8).split("\n");
    long nonEmpty = Arrays.stream(found).filter(l -> !l.isEmpty()).count();
    if (nonEmpty != count) {
      return damaged("block " + block + " at byte " + at + " holds " + nonEmpty
          + " records, not the " + count + " it claims");
    }
    for (String line : found) {
      if (!line.isEmpty()) {
        lines.add(line);
      }
    }
    blocks.add(new Block(number, at, nextOrdinal, first, last));
    position += h.length + stored;
    validBytes = position;
    goodUntilNanos = Math.max(goodUntilNanos, last);
    block++;
    record = 0;
    return true;
  }

  private byte[] inflate(byte[] payload, int rawLength) {
    inflater.reset();
    inflater.setInput(payload);
    byte[] out = new byte[rawLength];
    try {
      int n = 0;
      while (n < rawLength && !inflater.finished()) {
        int k = inflater.inflate(out, n, rawLength - n);
        if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          return null;
        }
        n += k;
      }
      byte[] probe = new byte[1];
      return n == rawLength && (inflater.finished() || inflater.inflate(probe) == 0) ? out : null;
    } catch (DataFormatException e) {
      return null;
    }
  }

  private boolean cut(long at) {
    ended = true;
    damage = "the recording was cut inside block " + block + " (at byte " + at + ")" + after()
        + ": everything before it is replayed";
    return false;
  }

  private boolean damaged(String what) {
    ended = true;
    damage = what + after() + ": everything before it is replayed";
    return false;
  }

  private String after() {
    return goodUntilNanos == Long.MIN_VALUE ? ", before any record"
        : ", after " + Instant.ofEpochSecond(Math.floorDiv(goodUntilNanos, 1_000_000_000L),
            Math.floorMod(goodUntilNanos, 1_000_000_000L));
  }

  /** Why reading stopped before the end of the file, or null. */
  public String damage() {
    return damage;
  }

  /** The ordinal (from 0, over the whole file, skipped ones counted) of the last record read. */
  public long ordinal() {
    return ordinal;
  }

  /** The blocks read so far, in order. */
  public java.util.List<Block> blocks() {
    return java.util.List.copyOf(blocks);
  }

  /** Records of types this version does not know, skipped. */
  public long skipped() {
    return skipped;
  }

  /** The good part read so far (after {@link #next} returned null: of the whole file). */
  public Extent extent() {
    return new Extent(block, validBytes);
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    in.close();
  }
}
