package dev.switchboard.app.export;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An output written whole or not at all: into a temporary file beside it, moved over it when
 * complete; on any failure the temporary file is removed and the output left as it was.
 */
final class OutputFile {
  /** Writes the temporary file. */
  interface Writing<T> {
    T write(Path tmp) throws IOException, ExportException;
  }

  private OutputFile() {}

  static <T> T replace(Path out, Writing<T> writing) throws ExportException {
    Path target = out.toAbsolutePath();
    if (Files.isDirectory(target)) {
      throw new ExportException("cannot write " + out + ": it is a directory");
    }
    if (!Files.isDirectory(target.getParent())) {
      throw new ExportException("cannot write " + out + ": there is no directory "
          + target.getParent());
    }
    Path tmp;
    try {
      // not createTempFile: its owner-only mode would stay on the output
      tmp = Files.createFile(target.resolveSibling("." + target.getFileName() + "."
          + Long.toHexString(System.nanoTime()) + ".part"));
    } catch (IOException e) {
      throw new ExportException("cannot write " + out + ": " + reason(e));
    }
    boolean done = false;
    try {
      T result = writing.write(tmp);
      try {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
      return result;
    } catch (IOException e) {
      throw new ExportException("cannot write " + out + ": " + reason(e));
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          // the failure being reported matters more than a leftover temporary file
        }
      }
    }
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
