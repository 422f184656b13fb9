package dev.switchboard.app.lesson;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Fuzz target for lesson files, which teachers share: anything but a lesson is refused with a
 * {@link LessonFormatException} naming where; nothing unchecked escapes, hangs or runs out of
 * memory. A normal test run replays the kept corpus (the bundled lessons, broken ones); with
 * JAZZER_FUZZ=1 (briefly in CI) it fuzzes.
 */
class LessonFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void lessonFiles(byte[] input) {
    try {
      LessonReader.read(new String(input, StandardCharsets.UTF_8), Path.of("fuzz.lesson.json"));
    } catch (LessonFormatException e) {
      // refused with where the mistake is
    }
  }
}
