package dev.switchboard.app.ui;

import dev.switchboard.app.cli.SourceOptions;
import java.nio.file.Path;

/**
 * An entry of the cluster picker: the bundled demo, a dump file, a kubeconfig context, or a
 * session (the cluster as it was at the timeline's playhead). Immutable; any thread.
 *
 * @param session the session file; null for the other kinds
 * @param lesson the lesson taught on that session; null for none
 */
public record SourceChoice(String label, SourceOptions options, Path session,
    dev.switchboard.app.lesson.Lesson lesson) {
  public SourceChoice(String label, SourceOptions options) {
    this(label, options, null, null);
  }

  public static SourceChoice session(Path file) {
    return new SourceChoice("Session: " + file.getFileName(), null, file, null);
  }

  /** The bundled demo recording (played from its copy in the user's cache). */
  public static SourceChoice demoSession(Path file) {
    return new SourceChoice("Demo: service-demo story (a real recording)", null, file, null);
  }

  /** A lesson on its recording. */
  public static SourceChoice lesson(dev.switchboard.app.lesson.Lesson l) {
    return new SourceChoice("Lesson: " + l.title(), null, l.session(), l);
  }

  public static final String DEMO_RESOURCE = "/dev/switchboard/assets/demo/service-demo.yaml";

  public static SourceChoice demo() {
    return new SourceChoice("Demo: service-demo (bundled dump)", null);
  }

  public static SourceChoice dump(Path file) {
    return new SourceChoice("Dump: " + file.getFileName(), new SourceOptions(file, null, null, null));
  }

  public static SourceChoice context(String name, Path kubeconfig, String namespace) {
    return new SourceChoice("Context: " + name, new SourceOptions(null, kubeconfig, name, namespace));
  }

  @Override
  public String toString() {
    return label;
  }
}
