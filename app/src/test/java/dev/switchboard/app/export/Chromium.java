package dev.switchboard.app.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's headless Chromium loading a local page with the network shut off, and the page's DOM
 * once it has loaded. Test helper.
 */
final class Chromium {
  static final Path BINARY = Path.of("/usr/bin/chromium");

  private Chromium() {}

  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** The DOM after load (scripts run, images decoded). */
  static String dumpDom(Path page, Path profile) throws IOException, InterruptedException {
    Path out = Files.createTempFile("chromium", ".html");
    Path err = Files.createTempFile("chromium", ".err");
    try {
      Process p = new ProcessBuilder(List.of(BINARY.toString(), "--headless", "--no-sandbox",
          "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
          "--proxy-server=127.0.0.1:9", "--virtual-time-budget=10000", "--dump-dom",
          page.toUri().toString())).redirectOutput(out.toFile()).redirectError(err.toFile())
          .start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("chromium did not finish in 120 s: "
            + Files.readString(err, StandardCharsets.UTF_8));
      }
      return Files.readString(out, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
