package dev.switchboard.app.ui;

import dev.switchboard.app.assets.BundledFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The bundled demo session (a real recording, assets/demo/demo.sbsession), played from its copy in
 * the user's cache directory, where it keeps the bookmarks made on it. Main thread, at launch.
 */
final class BundledDemo {
  private BundledDemo() {}

  /** The demo's file, copied if it is not there yet (or the bundled one changed); null if none. */
  static Path session(Map<String, String> env) {
    try {
      return BundledFiles.in(env).copy("demo/demo.sbsession");
    } catch (IOException e) {
      return null;
    }
  }
}
