package dev.switchboard.app.export;

import dev.switchboard.app.session.SessionFormatException;
import dev.switchboard.app.session.SessionIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A session's bookmarks as a walkthrough report ({@link Walkthrough}): {@code .html} gives one
 * self-contained page, {@code .md} Markdown with its pictures in {@code NAME-pictures/} beside it.
 * Everything is written beside the output first and moved into place, so a failed export leaves
 * nothing behind. Caller's thread (the pictures are drawn wherever {@link Pictures} draws them).
 */
public final class ReportExport {
  /** @param damage where a damaged session stopped (its good part was reported), or null */
  public record Result(int sections, int connections, String damage) {}

  private ReportExport() {}

  /** "1 bookmark", "3 bookmarks". */
  public static String bookmarks(int n) {
    return n + (n == 1 ? " bookmark" : " bookmarks");
  }

  /** Whether a file name says a report format this writes (.html, .htm, .md, .markdown). */
  public static boolean isReport(Path out) {
    return markdown(out) || html(out);
  }

  private static boolean markdown(Path out) {
    String n = out.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".md") || n.endsWith(".markdown");
  }

  private static boolean html(Path out) {
    String n = out.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".html") || n.endsWith(".htm");
  }

  public static Result write(Path session, Path out, Pictures pictures, String application)
      throws ExportException {
    if (!isReport(out)) {
      throw new ExportException("a report is written as .html or .md, not " + out.getFileName());
    }
    SessionIndex index;
    try {
      index = SessionIndex.read(session);
    } catch (SessionFormatException | IOException e) {
      throw new ExportException("cannot read the session " + session + ": " + e.getMessage());
    }
    SessionTraces read = SessionTraces.read(session);
    Walkthrough w = Walkthrough.of(session.getFileName().toString(), index, read.traces);
    List<byte[]> pngs = new ArrayList<>();
    for (Walkthrough.Section s : w.sections) {
      pngs.add(pictures.at(s.atNanos(), s.focus()));
    }
    int connections = w.sections.stream().mapToInt(s -> s.rows().size() + s.more()).sum();
    Result result = new Result(w.sections.size(), connections, read.damage);
    if (html(out)) {
      return OutputFile.replace(out, tmp -> {
        Files.writeString(tmp, ReportWriter.html(w, pngs, application), StandardCharsets.UTF_8);
        return result;
      });
    }
    return markdownWithPictures(out, w, pngs, application, result);
  }

  private static Result markdownWithPictures(Path out, Walkthrough w, List<byte[]> pngs,
      String application, Result result) throws ExportException {
    String stem = out.getFileName().toString().replaceFirst("\\.[^.]+$", "");
    Path folder = out.toAbsolutePath().resolveSibling(stem + "-pictures");
    Path[] staged = new Path[1];
    try {
      OutputFile.replace(out, tmp -> {
        staged[0] = Files.createTempDirectory(folder.getParent(), "." + stem + "-pictures");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < pngs.size(); i++) {
          String name = "bookmark-" + (i + 1) + ".png";
          Files.write(staged[0].resolve(name), pngs.get(i));
          names.add(folder.getFileName() + "/" + name);
        }
        Files.writeString(tmp, ReportWriter.markdown(w, names, application),
            StandardCharsets.UTF_8);
        return result;
      });
      try {
        delete(folder);
        Files.move(staged[0], folder);
        staged[0] = null;
      } catch (IOException e) {
        Files.deleteIfExists(out);
        throw new ExportException("cannot write " + folder + ": " + e.getMessage());
      }
      return result;
    } catch (IOException e) {
      throw new ExportException("cannot write " + out + ": " + e.getMessage());
    } finally {
      if (staged[0] != null) {
        try {
          delete(staged[0]);
        } catch (IOException e) {
          // the failure being reported matters more than a leftover temporary folder
        }
      }
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
