package dev.switchboard.app.assets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;

/**
 * Files the app ships (the demo recording, the lessons and their recordings), copied out of the
 * jar to a directory the user owns — the cache directory — so they can be read from disk and keep
 * what is added to them (bookmarks). A file is copied again when the bundled one changes. Any
 * thread.
 */
public final class BundledFiles {
  static final String ROOT = "/dev/switchboard/assets/";

  private final Path dir;

  private BundledFiles(Path dir) {
    this.dir = dir;
  }

  /** $XDG_CACHE_HOME/switchboard, else ~/.cache/switchboard, else the temp directory. */
  public static BundledFiles in(Map<String, String> env) {
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return new BundledFiles(Path.of(xdg, "switchboard"));
    }
    String home = System.getProperty("user.home");
    Path base = home == null ? Path.of(System.getProperty("java.io.tmpdir"))
        : Path.of(home, ".cache");
    return new BundledFiles(Files.isWritable(base) || !Files.exists(base)
        ? base.resolve("switchboard") : Path.of(System.getProperty("java.io.tmpdir"), "switchboard"));
  }

  /** The bundled file's text, or null when the app has none of that name. */
  public static String text(String name) throws IOException {
    try (InputStream in = BundledFiles.class.getResourceAsStream(ROOT + name)) {
      return in == null ? null : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * The bundled file {@code name} ("demo/demo.sbsession") on disk, copied if it is not there yet
   * or the bundled one changed; null when the app has none.
   */
  public Path copy(String name) throws IOException {
    byte[] bundled;
    try (InputStream in = BundledFiles.class.getResourceAsStream(ROOT + name)) {
      if (in == null) {
        return null;
      }
      bundled = in.readAllBytes();
    }
    Path file = dir.resolve(name);
    Path stamp = dir.resolve(name + ".bundled");
    String hash = Integer.toHexString(Arrays.hashCode(bundled));
    if (Files.exists(file) && Files.exists(stamp) && Files.readString(stamp).equals(hash)) {
      return file;
    }
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), "bundled", ".part");
    Files.write(tmp, bundled);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.writeString(stamp, hash);
    return file;
  }
}
