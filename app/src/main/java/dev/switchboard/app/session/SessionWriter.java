package dev.switchboard.app.session;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import java.util.zip.Deflater;

/**
 * Writes a session file block by block (docs/session-format.md): records gather in a block that is
 * compressed, checksummed, written and synced to disk once it reaches {@link SessionFormat#BLOCK_TARGET}
 * bytes or its first record is {@link SessionFormat#BLOCK_NANOS} old (on the recording's own
 * clock), so a crash or a cut loses at most the block being gathered and what is on disk is always
 * a readable prefix. Appending (bookmarks) adds blocks after the last good one. One thread.
 */
public final class SessionWriter implements AutoCloseable {
  private final FileOutputStream file;
  private final ByteArrayOutputStream raw = new ByteArrayOutputStream(SessionFormat.BLOCK_TARGET + 4096);
  private final Deflater deflater = new Deflater(6, true);
  private int blockNumber;
  private int records;
  private long firstNanos;
  private long lastNanos;
  private long blockStartedWall;
  private long bytesWritten;

  private SessionWriter(FileOutputStream file, int firstBlock, long size) {
    this.file = file;
    this.blockNumber = firstBlock;
    this.bytesWritten = size;
  }

  /** A new session file (replacing any file of that name), its header written. */
  public static SessionWriter create(Path path) throws IOException {
    FileOutputStream out = new FileOutputStream(path.toFile());
    ByteBuffer h = ByteBuffer.allocate(SessionFormat.FILE_HEADER);
    h.put(SessionFormat.MAGIC).putShort((short) SessionFormat.VERSION).putShort((short) 0);
    out.write(h.array());
    out.getFD().sync();
    return new SessionWriter(out, 0, h.capacity());
  }

  /**
   * Opens a session to add blocks after its valid prefix (a damaged or cut tail is cut off
   * first, so what is appended is read).
   */
  public static SessionWriter append(Path path, SessionReader.Extent extent) throws IOException {
    try (var channel = Files.newByteChannel(path, java.nio.file.StandardOpenOption.WRITE)) {
      channel.truncate(extent.validBytes());
    }
    return new SessionWriter(new FileOutputStream(path.toFile(), true), extent.blocks(),
        extent.validBytes());
  }

  public void write(SessionRecord r) throws IOException {
    writeLine(SessionCodec.encode(r), r.timestampNanos());
  }

  /** One record already encoded (a test writes kinds this version does not know). */
  void writeLine(String json, long nanos) throws IOException {
    byte[] line = (json + "\n").getBytes(StandardCharsets.UTF_8);
    if (records == 0) {
      firstNanos = nanos;
      lastNanos = nanos;
      blockStartedWall = System.nanoTime();
    }
    firstNanos = Math.min(firstNanos, nanos);
    lastNanos = Math.max(lastNanos, nanos);
    raw.write(line);
    records++;
    if (raw.size() >= SessionFormat.BLOCK_TARGET) {
      flush();
    }
  }

  /** Writes the block being gathered if it has waited long enough (call it now and then). */
  public void flushIfDue() throws IOException {
    if (records > 0 && System.nanoTime() - blockStartedWall >= SessionFormat.BLOCK_NANOS) {
      flush();
    }
  }

  /** Writes the block being gathered, whatever its size, and syncs it to disk. */
  public void flush() throws IOException {
    if (records == 0) {
      return;
    }
    byte[] payload = compress(raw.toByteArray());
    ByteBuffer h = ByteBuffer.allocate(SessionFormat.BLOCK_HEADER);
    h.putInt(SessionFormat.BLOCK_MAGIC).putInt(blockNumber).putInt(payload.length)
        .putInt(raw.size()).putInt(records).putLong(firstNanos).putLong(lastNanos);
    CRC32C crc = new CRC32C();
    crc.update(h.array(), 0, SessionFormat.BLOCK_HEADER - 4);
    crc.update(payload);
    h.putInt((int) crc.getValue());
    file.write(h.array());
    file.write(payload);
    file.getFD().sync();
    bytesWritten += h.capacity() + payload.length;
    blockNumber++;
    records = 0;
    raw.reset();
  }

  private byte[] compress(byte[] input) {
    deflater.reset();
    deflater.setInput(input);
    deflater.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 4 + 64);
    byte[] buf = new byte[64 * 1024];
    while (!deflater.finished()) {
      out.write(buf, 0, deflater.deflate(buf));
    }
    return out.toByteArray();
  }

  /** Blocks written so far. */
  public int blocks() {
    return blockNumber;
  }

  /** Bytes on disk so far. */
  public long bytes() {
    return bytesWritten;
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
    } finally {
      deflater.end();
      file.close();
    }
  }
}
