package dev.switchboard.app.ui.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.ui.theme.ColourVision.Vision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The projector theme's colours, checked the way a classroom sees them: every text colour at WCAG
 * AA (4.5:1) on every ground it is drawn on, every status mark at 3:1 (non-text contrast), and the
 * colours that tell things apart — pod states, Service types, connection outcomes — still apart
 * for the common colour-vision deficiencies, simulated at full severity.
 */
class ThemeColoursTest {
  /** CIEDE2000: about 2.3 is just noticeable; 12 reads as a different colour at a glance. */
  static final double APART = 12;
  static final List<String> GROUNDS = List.of("bg", "surface", "card-bg", "region-bg");
  /** Drawn as words: names, badges, the rule row taken, evidence, outcomes. */
  static final List<String> TEXT = List.of("text", "text-muted", "selection", "ready", "error",
      "warning", "info", "type-clusterip", "type-nodeport", "type-loadbalancer",
      "type-externalname", "type-headless");
  /** Drawn as marks: pod stripes and glyphs, endpoint lines, timeline marks. */
  static final List<String> MARKS = List.of("not-ready", "terminating", "failed", "pending");
  static final Map<String, List<String>> SETS = Map.of(
      "pod states", List.of("ready", "not-ready", "terminating", "failed", "pending"),
      "Service types", List.of("type-clusterip", "type-nodeport", "type-loadbalancer",
          "type-externalname", "type-headless"),
      "outcomes", List.of("info", "ready", "warning", "error"));

  @Test
  void theArithmeticMatchesPublishedValues() {
    // Sharma, Wu and Dalal (2005), test pairs 1, 7 and 17
    assertEquals(2.0425, ColourVision.ciede2000(new double[] {50, 2.6772, -79.7751},
        new double[] {50, 0, -82.7485}), 1e-4);
    assertEquals(2.3669, ColourVision.ciede2000(new double[] {50, 0, 0},
        new double[] {50, -1, 2}), 1e-4);
    assertEquals(27.1492, ColourVision.ciede2000(new double[] {50, 2.5, 0},
        new double[] {73, 25, -18}), 1e-4);
    assertEquals(21, ColourVision.contrast("#000000", "#ffffff"), 1e-9);
    assertEquals(4.48, ColourVision.contrast("#777777", "#ffffff"), 0.01);
    // a protanope sees pure red as a dark olive: its red channel mostly gone
    double[] red = ColourVision.simulate(ColourVision.linear("#ff0000"), Vision.PROTANOPIA);
    assertTrue(red[0] < 0.2 && red[1] > 0.1, java.util.Arrays.toString(red));
  }

  @Test
  void projectorTextMeetsWcagAaOnEveryGround() {
    Map<String, String> t = tokens(Theme.PROJECTOR);
    StringBuilder report = new StringBuilder();
    for (String ground : GROUNDS) {
      for (String c : TEXT) {
        double ratio = ColourVision.contrast(t.get("-sb-" + c), t.get("-sb-" + ground));
        report.append(String.format("%s on %s %.2f%n", c, ground, ratio));
        assertTrue(ratio >= 4.5, c + " on " + ground + ": " + ratio);
      }
      for (String c : MARKS) {
        double ratio = ColourVision.contrast(t.get("-sb-" + c), t.get("-sb-" + ground));
        assertTrue(ratio >= 3, c + " on " + ground + ": " + ratio);
      }
    }
    System.out.print(report);
  }

  @Test
  void projectorColoursStayApartForColourBlindEyes() {
    Map<String, String> t = tokens(Theme.PROJECTOR);
    for (Map.Entry<String, List<String>> set : SETS.entrySet()) {
      for (Vision v : Vision.values()) {
        double closest = Double.MAX_VALUE;
        String pair = "";
        List<String> names = set.getValue();
        for (int i = 0; i < names.size(); i++) {
          for (int j = i + 1; j < names.size(); j++) {
            double d = ColourVision.difference(t.get("-sb-" + names.get(i)),
                t.get("-sb-" + names.get(j)), v);
            if (d < closest) {
              closest = d;
              pair = names.get(i) + " / " + names.get(j);
            }
          }
        }
        System.out.printf("%s, %s: closest %s at ΔE2000 %.1f%n", set.getKey(), v, pair, closest);
        assertTrue(closest >= APART, set.getKey() + " for " + v + ": " + pair + " only "
            + closest + " apart");
      }
    }
  }

  private static Map<String, String> tokens(Theme theme) {
    Map<String, String> t = ThemeTokens.of(theme);
    for (String name : List.of("bg", "surface", "card-bg", "region-bg", "text")) {
      assertTrue(t.containsKey("-sb-" + name), name);
    }
    return t;
  }
}
