package dev.switchboard.app.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The bundled demo session (a real recording, assets/demo/demo.sbsession), copied out of the jar
 * once to a file the user owns — the cache directory — so it can be played from disk and keep the
 * bookmarks made on it. Main thread, at launch.
 */
final class BundledDemo {
  static final String RESOURCE = "/dev/switchboard/assets/demo/demo.sbsession";

  private BundledDemo() {}

  /** The demo's file, copied if it is not there yet (or the bundled one changed); null if none. */
  static Path session(Map<String, String> env) {
    try (InputStream in = BundledDemo.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return null;
      }
      byte[] bundled = in.readAllBytes();
      Path dir = cacheDir(env);
      Path file = dir.resolve("demo-" + Integer.toHexString(java.util.Arrays.hashCode(bundled))
          + ".sbsession");
      if (!Files.exists(file)) {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "demo", ".part");
        Files.write(tmp, bundled);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      return file;
    } catch (IOException e) {
      return null;
    }
  }

  /** $XDG_CACHE_HOME/switchboard, else ~/.cache/switchboard, else the temp directory. */
  private static Path cacheDir(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "switchboard");
    }
    String home = System.getProperty("user.home");
    Path base = home == null ? Path.of(System.getProperty("java.io.tmpdir"))
        : Path.of(home, ".cache");
    return Files.isWritable(base) || !Files.exists(base) ? base.resolve("switchboard")
        : Path.of(System.getProperty("java.io.tmpdir"), "switchboard");
  }
}
