package dev.switchboard.app.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Tells a session file from other files by its first bytes, not its name. Stateless. */
public final class SessionFiles {
  private SessionFiles() {}

  /** Whether the file starts like a session (false when it cannot be read). */
  public static boolean isSession(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return Arrays.equals(in.readNBytes(SessionFormat.MAGIC.length), SessionFormat.MAGIC);
    } catch (IOException e) {
      return false;
    }
  }
}
