package dev.switchboard.app.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Wireshark's tshark, run on a file: what it printed, and its complaints. Test helper. */
record Tshark(int code, List<String> lines, String err) {
  static final Path BINARY = Path.of("/usr/bin/tshark");

  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  static Tshark read(Path file, String... options) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-r", file.toString()));
    cmd.addAll(List.of(options));
    Path out = Files.createTempFile("tshark", ".out");
    Path err = Files.createTempFile("tshark", ".err");
    try {
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
          .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("tshark did not finish in 120 s");
      }
      return new Tshark(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
          complaints(Files.readString(err, StandardCharsets.UTF_8)));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** What it said on stderr, but for its note that it runs as root (CI runs as root). */
  private static String complaints(String err) {
    return err.lines().filter(l -> !l.startsWith("Running as user \"root\""))
        .reduce("", (a, b) -> a + b + "\n");
  }
}
