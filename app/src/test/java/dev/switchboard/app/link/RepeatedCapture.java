package dev.switchboard.app.link;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A big capture made from a real one: fixtures/real-lab-1's node capture (classic pcap, 18
 * connections in 0.3 s) written {@code cycles} times, each copy 2.5 s after the one before, so
 * every copy's connections and lookups are finished before the next begins.
 */
public final class RepeatedCapture {
  static final long CYCLE_MICROS = 2_500_000L;
  public static final long CYCLE_NANOS = CYCLE_MICROS * 1000;

  private RepeatedCapture() {}

  public static Path write(Path dir, int cycles) throws IOException {
    byte[] one = Files.readAllBytes(SidecarProcess.fixture(dir, "node1.pcap"));
    Path out = dir.resolve("node1-x" + cycles + ".pcap");
    try (OutputStream o = Files.newOutputStream(out)) {
      o.write(one, 0, 24);
      for (int c = 0; c < cycles; c++) {
        o.write(shifted(one, c * CYCLE_MICROS));
      }
    }
    return out;
  }

  /** The records of a little-endian, microsecond pcap file with their times moved on. */
  private static byte[] shifted(byte[] pcap, long micros) {
    ByteBuffer in = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN);
    ByteArrayOutputStream out = new ByteArrayOutputStream(pcap.length);
    int at = 24;
    while (at + 16 <= pcap.length) {
      long t = in.getInt(at) * 1_000_000L + in.getInt(at + 4) + micros;
      int incl = in.getInt(at + 8);
      ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
      head.putInt((int) (t / 1_000_000L)).putInt((int) (t % 1_000_000L)).putInt(incl)
          .putInt(in.getInt(at + 12));
      out.writeBytes(head.array());
      out.write(pcap, at + 16, incl);
      at += 16 + incl;
    }
    return out.toByteArray();
  }
}
