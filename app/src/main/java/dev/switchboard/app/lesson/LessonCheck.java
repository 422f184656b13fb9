package dev.switchboard.app.lesson;

import dev.switchboard.app.lesson.Lesson.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * A lesson checked against its recording: every step's moments and focus found, every question
 * answered from the traces with exactly one choice right. What {@code lesson check} prints and
 * what a teacher runs after writing a lesson. Stateless; any thread.
 */
public final class LessonCheck {
  /** One step as the recording resolves it; {@code problem} null when it is sound. */
  public record StepResult(int number, String title, long atNanos, Answer answer,
      List<String> right, String problem) {}

  private LessonCheck() {}

  public static List<StepResult> run(LessonContext ctx) {
    List<StepResult> out = new ArrayList<>();
    int n = 0;
    for (Step s : ctx.lesson().steps()) {
      n++;
      try {
        long at = ctx.resolve(s.at());
        if (s.until() != null && ctx.resolve(s.until()) < at) {
          throw new LessonFormatException("until comes before at");
        }
        if (s.focus() != null && s.focus().connection() != null) {
          ctx.pick(s.focus().connection());
        }
        Answer a = null;
        List<String> right = List.of();
        if (s.question() != null) {
          a = Answers.compute(s.question().answer(), ctx);
          Answer answer = a;
          right = s.question().choices().stream().filter(answer::accepts)
              .map(Lesson.Choice::text).toList();
          if (right.size() != 1) {
            throw new LessonFormatException("the recording answers \"" + a.text() + "\": "
                + (right.isEmpty() ? "no choice matches it" : "several choices match it: "
                + right));
          }
        }
        out.add(new StepResult(n, s.title(), at, a, right, null));
      } catch (LessonFormatException e) {
        out.add(new StepResult(n, s.title(), -1, null, List.of(), e.getMessage()));
      }
    }
    return out;
  }
}
