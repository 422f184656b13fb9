package dev.switchboard.app.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bundled lesson, on its own recording: each step's moment and focus are found, and each
 * question has exactly one right choice — the one the recording's traces give.
 */
class BundledLessonsTest {
  @TempDir
  static Path cache;

  static Stream<String> lessons() throws Exception {
    List<String> names = LessonCatalog.names();
    assertEquals(9, names.size(), "one lesson per concept: " + names);
    return names.stream();
  }

  @ParameterizedTest
  @MethodSource("lessons")
  void everyStepResolvesAndEveryQuestionIsAnsweredByTheRecording(String name) throws Exception {
    Lesson lesson = new LessonCatalog(Map.of("XDG_CACHE_HOME", cache.toString())).open(name);
    assertEquals(name, lesson.name());
    LessonContext ctx = LessonContext.open(lesson);
    assertTrue(ctx.traces().size() >= 8, "a recording with traffic: " + ctx.traces().size());
    List<LessonCheck.StepResult> results = LessonCheck.run(ctx);
    assertEquals(lesson.steps().size(), results.size());
    long questions = 0;
    for (LessonCheck.StepResult r : results) {
      assertNull(r.problem(), name + " step " + r.number() + ": " + r.problem());
      if (r.answer() != null) {
        questions++;
        assertEquals(1, r.right().size());
        assertTrue(r.answer().evidence().startsWith("observed")
            || r.answer().evidence().startsWith("inferred"), r.answer().evidence());
      }
    }
    assertTrue(questions >= 3, name + " asks the room: " + questions);
  }
}
