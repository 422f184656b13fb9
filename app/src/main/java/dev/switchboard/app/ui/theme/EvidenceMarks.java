package dev.switchboard.app.ui.theme;

import dev.switchboard.app.trace.Evidence;
import java.util.Locale;

/**
 * How evidence reads on screen: a shape as well as a word and a colour (● observed, ◐ inferred,
 * ? unknown, – not part of the connection), so it survives a washed-out projector and
 * colour-blind eyes. Pure; any thread.
 */
public final class EvidenceMarks {
  /** The flow table's legend for its stage column (DNS · Service · DNAT · backend). */
  public static final String LEGEND = "Stages: ● observed ◐ inferred ? unknown – none";
  /** The order of the stage column's marks. */
  public static final String ORDER = "Stage marks, in order: DNS · Service · DNAT choice · backend";

  private EvidenceMarks() {}

  /** "● observed (the node's rules)" from an answer's evidence "observed (the node's rules)". */
  public static String label(String evidence) {
    return Evidence.mark(level(evidence)) + " " + evidence;
  }

  /** The style class: sb-evidence-observed, -inferred or -unknown. */
  public static String style(String evidence) {
    return "sb-evidence-" + level(evidence).word();
  }

  private static Evidence level(String evidence) {
    String e = evidence.toLowerCase(Locale.ROOT);
    return e.startsWith("observed") ? Evidence.OBSERVED : e.startsWith("inferred")
        ? Evidence.INFERRED : Evidence.UNKNOWN;
  }
}
