package dev.switchboard.capture.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads JSON Lines without trusting their length: a line longer than the limit is skipped up to
 * its newline and reported as {@link #TOO_LONG}, so one runaway line costs a counted loss, not
 * the reader's memory. Owned by one reading thread.
 */
public final class LineReader {
  /** Returned for a line over the limit (compare by identity). */
  public static final String TOO_LONG = new String("<line too long>");

  private final InputStream in;
  private final int maxBytes;
  private final byte[] buffer = new byte[8192];
  private int pos;
  private int end;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  public LineReader(InputStream in, int maxBytes) {
    this.in = in;
    this.maxBytes = maxBytes;
  }

  /** The next line without its newline, {@link #TOO_LONG}, or null at the end of the stream. */
  public String next() throws IOException {
    line.reset();
    boolean tooLong = false;
    while (true) {
      if (pos == end) {
        end = in.read(buffer);
        pos = 0;
        if (end <= 0) {
          end = 0;
          if (tooLong) {
            return TOO_LONG;
          }
          return line.size() == 0 ? null : text();
        }
      }
      int start = pos;
      while (pos < end && buffer[pos] != '\n') {
        pos++;
      }
      if (!tooLong) {
        line.write(buffer, start, pos - start);
        tooLong = line.size() > maxBytes;
        if (tooLong) {
          line.reset();
        }
      }
      if (pos < end) {
        pos++;
        return tooLong ? TOO_LONG : text();
      }
    }
  }

  private String text() {
    int n = line.size();
    byte[] b = line.toByteArray();
    return new String(b, 0, n > 0 && b[n - 1] == '\r' ? n - 1 : n, StandardCharsets.UTF_8);
  }
}
