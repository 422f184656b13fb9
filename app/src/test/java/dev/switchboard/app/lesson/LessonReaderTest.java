package dev.switchboard.app.lesson;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A teacher's mistakes in a lesson file are named with where they are. */
class LessonReaderTest {
  @TempDir
  Path dir;

  String refusal(String json) throws Exception {
    Path f = Files.writeString(dir.resolve("mine.lesson.json"), json);
    return assertThrows(LessonFormatException.class, () -> LessonReader.read(f)).getMessage();
  }

  static final String HEAD = "{\"format\":1,\"name\":\"n\",\"title\":\"t\",\"concept\":\"c\","
      + "\"session\":\"s.sbsession\",\"steps\":[";

  @Test
  void mistakesAreNamedWhereTheyAre() throws Exception {
    assertEquals("mine.lesson.json, step 1, focus: unknown field sevice (known: service, pod,"
        + " connection, stage)", refusal(HEAD + "{\"title\":\"a\",\"narration\":\"b\",\"at\":1,"
        + "\"focus\":{\"sevice\":\"x/y\"}}]}"));
    assertEquals("mine.lesson.json, step 1, at: \"1:xx\" is not a time (m:ss.s or seconds)",
        refusal(HEAD + "{\"title\":\"a\",\"narration\":\"b\",\"at\":\"1:xx\"}]}"));
    assertEquals("mine.lesson.json, step 1, question, answer: unknown answer kind backnd (one of"
        + " " + LessonReader.KINDS + ")", refusal(HEAD + "{\"title\":\"a\",\"narration\":\"b\","
        + "\"at\":1,\"question\":{\"prompt\":\"p\",\"choices\":[\"x\",\"y\"],"
        + "\"answer\":{\"kind\":\"backnd\"}}}]}"));
    assertEquals("mine.lesson.json: format 2 (this Switchboard reads format 1)",
        refusal("{\"format\":2,\"steps\":[]}"));
    assertEquals("mine.lesson.json: not JSON (" , refusal("{").substring(0, 28));
  }

  @Test
  void aTimeIsMinutesAndSecondsOrSeconds() throws Exception {
    assertEquals(72.5, LessonReader.moment(com.google.gson.JsonParser.parseString("\"1:12.5\""),
        new LessonReader.Where("x")).offsetSeconds());
    assertEquals(3.0, LessonReader.moment(com.google.gson.JsonParser.parseString("3"),
        new LessonReader.Where("x")).offsetSeconds());
  }
}
