package dev.switchboard.app.lesson;

import dev.switchboard.app.assets.BundledFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lessons the app ships (assets/lessons: lessons.txt names them in teaching order; each is
 * NAME.lesson.json next to its recording) and lessons a teacher wrote (a path to a .lesson.json).
 * Bundled lessons are copied to the cache directory with their recordings, so they keep
 * bookmarks. Any thread.
 */
public final class LessonCatalog {
  static final String DIR = "lessons/";

  private final BundledFiles files;

  public LessonCatalog(Map<String, String> env) {
    this.files = BundledFiles.in(env);
  }

  /** A bundled lesson as a menu lists it. */
  public record Entry(String name, String title, String concept, String recording) {}

  /** The bundled lessons, in teaching order, read from the app without copying anything out. */
  public static List<Entry> entries() throws IOException, LessonFormatException {
    List<Entry> out = new ArrayList<>();
    for (String name : names()) {
      String json = BundledFiles.text(DIR + name + ".lesson.json");
      if (json == null) {
        throw new LessonFormatException("lessons.txt names " + name + ", which is not bundled");
      }
      Lesson l = LessonReader.read(json, Path.of(name + ".lesson.json"));
      out.add(new Entry(name, l.title(), l.concept(), l.session().getFileName().toString()));
    }
    return out;
  }

  /** The bundled lessons' names, in teaching order. */
  public static List<String> names() throws IOException {
    String index = BundledFiles.text(DIR + "lessons.txt");
    List<String> out = new ArrayList<>();
    if (index != null) {
      for (String line : index.split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(line.strip());
        }
      }
    }
    return out;
  }

  /** A bundled lesson by name, or a lesson file by path. */
  public Lesson open(String nameOrFile) throws IOException, LessonFormatException {
    Path file = Path.of(nameOrFile);
    if (!Files.exists(file)) {
      if (!names().contains(nameOrFile)) {
        throw new LessonFormatException("no lesson " + nameOrFile + " (lesson list shows the"
            + " bundled ones; or give a .lesson.json file)");
      }
      file = files.copy(DIR + nameOrFile + ".lesson.json");
      Lesson bundled = LessonReader.read(file);
      files.copy(DIR + bundled.session().getFileName());
      return bundled;
    }
    Lesson l = LessonReader.read(file);
    if (!Files.isReadable(l.session())) {
      throw new LessonFormatException(file + ": its recording " + l.session() + " cannot be read");
    }
    return l;
  }
}
