package dev.switchboard.app.lesson;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.switchboard.app.lesson.Lesson.AnswerSpec;
import dev.switchboard.app.lesson.Lesson.Choice;
import dev.switchboard.app.lesson.Lesson.Focus;
import dev.switchboard.app.lesson.Lesson.Moment;
import dev.switchboard.app.lesson.Lesson.Pick;
import dev.switchboard.app.lesson.Lesson.Question;
import dev.switchboard.app.lesson.Lesson.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a lesson file (JSON, docs/lesson-format.md). A teacher writes these by hand, so every
 * mistake is named with where it is ("step 3, focus: unknown field sevice") rather than taken in
 * silence. Stateless; any thread.
 */
public final class LessonReader {
  static final int FORMAT = 1;
  static final Set<String> KINDS = Set.of("backend", "outcome", "dnsQueries", "dnsName",
      "dnsAnswers", "dialled", "clientSeenAs", "targetPort", "decisionChance", "apiListing",
      "ruleProbability", "endpoints", "distinctBackends",
      "mostChosen", "connectionsTo", "lagMs", "staleConnections");
  static final Set<String> STAGES = Set.of("dns", "syn", "dnat", "backend", "outcome", "rules");
  private static final Pattern CLOCK = Pattern.compile("(?:(\\d+):)?(\\d+(?:\\.\\d+)?)");

  private LessonReader() {}

  public static Lesson read(Path file) throws IOException, LessonFormatException {
    return read(Files.readString(file), file);
  }

  /** A lesson from its text; {@code file} names it and places its recording. */
  static Lesson read(String json, Path file) throws LessonFormatException {
    JsonObject o;
    try {
      JsonElement e = JsonParser.parseString(json);
      if (!e.isJsonObject()) {
        throw new LessonFormatException(file.getFileName() + ": not a lesson (a JSON object is expected)");
      }
      o = e.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new LessonFormatException(file.getFileName() + ": not JSON (" + e.getMessage() + ")");
    }
    return read(o, file);
  }

  static Lesson read(JsonObject o, Path file) throws LessonFormatException {
    Where w = new Where(file.getFileName().toString());
    fields(o, w, "format", "name", "title", "concept", "session", "steps");
    long format = number(o, "format", w).longValue();
    if (format != FORMAT) {
      throw w.error("format " + format + " (this Switchboard reads format " + FORMAT + ")");
    }
    JsonArray steps = array(o, "steps", w);
    List<Step> out = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      out.add(step(object(steps.get(i), w.at("step " + (i + 1))), w.at("step " + (i + 1))));
    }
    if (out.isEmpty()) {
      throw w.error("no steps");
    }
    return new Lesson(text(o, "name", w), text(o, "title", w), text(o, "concept", w),
        session(file, text(o, "session", w), w), List.copyOf(out));
  }

  /** The recording named, next to the lesson file; a name no file system takes is an error. */
  private static Path session(Path file, String name, Where w) throws LessonFormatException {
    try {
      return file.toAbsolutePath().getParent().resolve(name);
    } catch (java.nio.file.InvalidPathException e) {
      throw w.error("session \"" + name.replace("\0", "\\0") + "\" is not a file name: "
          + e.getReason());
    }
  }

  private static Step step(JsonObject o, Where w) throws LessonFormatException {
    fields(o, w, "title", "narration", "at", "until", "focus", "question");
    return new Step(text(o, "title", w), text(o, "narration", w), moment(o.get("at"), w.at("at")),
        o.has("until") ? moment(o.get("until"), w.at("until")) : null,
        o.has("focus") ? focus(object(o.get("focus"), w.at("focus")), w.at("focus")) : null,
        o.has("question") ? question(object(o.get("question"), w.at("question")),
            w.at("question")) : null);
  }

  static Moment moment(JsonElement e, Where w) throws LessonFormatException {
    if (e == null || e.isJsonNull()) {
      throw w.error("missing");
    }
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      return new Moment(seconds(e.getAsDouble(), e.getAsString(), w), null, null, 0);
    }
    if (e.isJsonPrimitive()) {
      Matcher m = CLOCK.matcher(e.getAsString().strip());
      if (!m.matches()) {
        throw w.error("\"" + e.getAsString() + "\" is not a time (m:ss.s or seconds)");
      }
      double s = Double.parseDouble(m.group(2)) + (m.group(1) == null ? 0
          : 60 * Double.parseDouble(m.group(1)));
      return new Moment(seconds(s, e.getAsString(), w), null, null, 0);
    }
    JsonObject o = object(e, w);
    fields(o, w, "mark", "connection", "plus");
    double plus = o.has("plus") ? number(o, "plus", w).doubleValue() : 0;
    if (o.has("mark") == o.has("connection")) {
      throw w.error("a moment is a time, a mark or a connection (one of them)");
    }
    return o.has("mark") ? new Moment(null, text(o, "mark", w), null, plus)
        : new Moment(null, null, pick(object(o.get("connection"), w.at("connection")),
            w.at("connection")), plus);
  }

  /** Seconds into the recording: finite and not negative. */
  private static double seconds(double s, String written, Where w) throws LessonFormatException {
    if (!Double.isFinite(s) || s < 0) {
      throw w.error("\"" + written + "\" is not a time in a recording");
    }
    return s;
  }

  static Pick pick(JsonObject o, Where w) throws LessonFormatException {
    fields(o, w, "client", "service", "name", "dialled", "outcome", "backend", "after", "nth");
    int nth = o.has("nth") ? number(o, "nth", w).intValue() : 1;
    if (nth < 1) {
      throw w.error("nth counts from 1");
    }
    return new Pick(optional(o, "client", w), optional(o, "service", w), optional(o, "name", w),
        optional(o, "dialled", w), optional(o, "outcome", w), optional(o, "backend", w),
        o.has("after") ? moment(o.get("after"), w.at("after")) : null, nth);
  }

  private static Focus focus(JsonObject o, Where w) throws LessonFormatException {
    fields(o, w, "service", "pod", "connection", "stage");
    int given = (o.has("service") ? 1 : 0) + (o.has("pod") ? 1 : 0)
        + (o.has("connection") ? 1 : 0);
    if (given != 1) {
      throw w.error("focus one thing: a service, a pod or a connection");
    }
    String stage = optional(o, "stage", w);
    if (stage != null && (!o.has("connection") || !STAGES.contains(stage))) {
      throw w.error("stage goes with a connection and is one of " + STAGES);
    }
    return new Focus(optional(o, "service", w), optional(o, "pod", w),
        o.has("connection") ? pick(object(o.get("connection"), w.at("connection")),
            w.at("connection")) : null, stage);
  }

  private static Question question(JsonObject o, Where w) throws LessonFormatException {
    fields(o, w, "prompt", "choices", "answer");
    JsonArray a = array(o, "choices", w);
    List<Choice> choices = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      choices.add(choice(a.get(i), w.at("choice " + (i + 1))));
    }
    if (choices.size() < 2) {
      throw w.error("a question needs at least two choices");
    }
    return new Question(text(o, "prompt", w), List.copyOf(choices),
        answer(object(o.get("answer"), w.at("answer")), w.at("answer")));
  }

  private static Choice choice(JsonElement e, Where w) throws LessonFormatException {
    if (e.isJsonPrimitive()) {
      return new Choice(e.getAsString(), e.getAsString(), null, null);
    }
    JsonObject o = object(e, w);
    fields(o, w, "text", "match", "min", "max");
    Double min = o.has("min") ? number(o, "min", w).doubleValue() : null;
    Double max = o.has("max") ? number(o, "max", w).doubleValue() : null;
    String match = optional(o, "match", w);
    if (match == null && min == null && max == null) {
      throw w.error("a choice says what it matches (match, or min/max for a number)");
    }
    return new Choice(text(o, "text", w), match, min, max);
  }

  private static AnswerSpec answer(JsonObject o, Where w) throws LessonFormatException {
    fields(o, w, "kind", "connection", "service", "from", "to", "pod");
    String kind = text(o, "kind", w);
    if (!KINDS.contains(kind)) {
      throw w.error("unknown answer kind " + kind + " (one of " + KINDS + ")");
    }
    return new AnswerSpec(kind,
        o.has("connection") ? pick(object(o.get("connection"), w.at("connection")),
            w.at("connection")) : null,
        optional(o, "service", w),
        o.has("from") ? moment(o.get("from"), w.at("from")) : null,
        o.has("to") ? moment(o.get("to"), w.at("to")) : null, optional(o, "pod", w));
  }

  /** Where in the file a value is, for messages. */
  record Where(String path) {
    Where at(String part) {
      return new Where(path + ", " + part);
    }

    LessonFormatException error(String what) {
      return new LessonFormatException(path + ": " + what);
    }
  }

  private static void fields(JsonObject o, Where w, String... known) throws LessonFormatException {
    Set<String> k = Set.of(known);
    for (String f : o.keySet()) {
      if (!k.contains(f)) {
        throw w.error("unknown field " + f + " (known: " + String.join(", ", known) + ")");
      }
    }
  }

  private static JsonObject object(JsonElement e, Where w) throws LessonFormatException {
    if (e == null || !e.isJsonObject()) {
      throw w.error("an object is expected");
    }
    return e.getAsJsonObject();
  }

  private static JsonArray array(JsonObject o, String f, Where w) throws LessonFormatException {
    JsonElement e = o.get(f);
    if (e == null || !e.isJsonArray()) {
      throw w.error(f + ": a list is expected");
    }
    return e.getAsJsonArray();
  }

  private static String text(JsonObject o, String f, Where w) throws LessonFormatException {
    String s = optional(o, f, w);
    if (s == null || s.isBlank()) {
      throw w.error(f + " is missing");
    }
    return s;
  }

  private static String optional(JsonObject o, String f, Where w) throws LessonFormatException {
    JsonElement e = o.get(f);
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (!e.isJsonPrimitive()) {
      throw w.error(f + ": text is expected");
    }
    return e.getAsString();
  }

  private static Number number(JsonObject o, String f, Where w) throws LessonFormatException {
    JsonElement e = o.get(f);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
      throw w.error(f + ": a number is expected");
    }
    return e.getAsNumber();
  }
}
