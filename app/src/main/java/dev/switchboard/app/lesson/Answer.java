package dev.switchboard.app.lesson;

/**
 * What the recording says to a question: in words, as a number when it is one, how it is known
 * (the evidence of the stage it comes from) and the detail a teacher can point at.
 *
 * @param number the answer as a number, or null
 * @param evidence "observed", "inferred" or "unknown", with what it rests on
 */
public record Answer(String text, Double number, String evidence, String detail) {

  /** Whether a choice is right: its number range holds the number, or its match is in the text. */
  public boolean accepts(Lesson.Choice c) {
    if (c.min() != null || c.max() != null) {
      return number != null && (c.min() == null || number >= c.min())
          && (c.max() == null || number < c.max());
    }
    String m = c.match().toLowerCase(java.util.Locale.ROOT);
    return number != null && m.matches("-?[0-9.]+") ? Double.parseDouble(m) == number
        : text.toLowerCase(java.util.Locale.ROOT).contains(m);
  }
}
