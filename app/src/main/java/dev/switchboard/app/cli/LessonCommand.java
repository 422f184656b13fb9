package dev.switchboard.app.cli;

import dev.switchboard.app.lesson.Lesson;
import dev.switchboard.app.lesson.LessonCatalog;
import dev.switchboard.app.lesson.LessonCheck;
import dev.switchboard.app.lesson.LessonContext;
import dev.switchboard.app.lesson.LessonFormatException;
import dev.switchboard.app.session.SessionFormatException;
import dev.switchboard.app.session.SessionTime;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code lesson list} prints the bundled lessons (name, concept, recording); {@code lesson check
 * NAME|FILE} resolves every step of a lesson on its recording and answers every question from
 * its traces, as the window will. Main thread.
 */
final class LessonCommand {
  static final String HELP = """
      Usage: switchboard lesson list
             switchboard lesson check NAME|FILE.lesson.json
      list:  the bundled lessons, one a line: name, the concept it teaches, its recording.
      check: every step of a lesson found on its recording — its moment, its focus — and every
             question answered from the recording's own traces, with the choice that is right.
             Exit 1 when a step cannot be resolved or a question has no (or more than one)
             right choice. Open a lesson with `desktop --lesson NAME|FILE`. Format: docs/lesson-format.md.
      """;

  private LessonCommand() {}

  static int run(List<String> argv, Map<String, String> env, PrintStream out, PrintStream err)
      throws UsageException {
    if (argv.isEmpty() || argv.get(0).equals("--help")) {
      out.print(HELP);
      return argv.isEmpty() ? 2 : 0;
    }
    LessonCatalog catalog = new LessonCatalog(env);
    try {
      switch (argv.get(0)) {
        case "list" -> {
          for (LessonCatalog.Entry l : LessonCatalog.entries()) {
            out.printf("%-22s %s — %s (recording %s)%n", l.name(), l.title(), l.concept(),
                l.recording());
          }
          return 0;
        }
        case "check" -> {
          if (argv.size() != 2) {
            throw new UsageException("lesson check takes one lesson: a name or a file");
          }
          return check(catalog.open(argv.get(1)), out, err);
        }
        default -> throw new UsageException("unknown lesson command " + argv.get(0));
      }
    } catch (IOException | LessonFormatException | SessionFormatException e) {
      err.println("switchboard: " + e.getMessage());
      return 1;
    }
  }

  private static int check(Lesson lesson, PrintStream out, PrintStream err)
      throws IOException, SessionFormatException {
    LessonContext ctx = LessonContext.open(lesson);
    int bad = 0;
    out.println(lesson.name() + ": " + lesson.title() + " (" + ctx.traces().size()
        + " connections recorded)");
    for (LessonCheck.StepResult r : LessonCheck.run(ctx)) {
      if (r.problem() != null) {
        bad++;
        err.println("switchboard: step " + r.number() + " (" + r.title() + "): " + r.problem());
        continue;
      }
      out.printf("  %d. %s at %s%s%n", r.number(), r.title(), SessionTime.offset(r.atNanos() - ctx.index().startNanos()), r.answer() == null ? ""
          : " — answer: " + r.answer().text() + " [" + r.answer().evidence() + "] → "
          + r.right().get(0));
    }
    return bad == 0 ? 0 : 1;
  }
}
