package dev.switchboard.app.session;

import dev.switchboard.capture.event.Rules;
import dev.switchboard.capture.event.ServiceRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Says what changed between two versions of a node's rules, in a few words. Stateless. */
final class RuleDiff {
  private RuleDiff() {}

  static String describe(Rules before, Rules after) {
    Map<String, Integer> was = backends(before);
    Map<String, Integer> now = backends(after);
    List<String> parts = new ArrayList<>();
    now.forEach((svc, n) -> {
      Integer old = was.get(svc);
      if (old == null) {
        parts.add(svc + " added (" + n + ")");
      } else if (!old.equals(n)) {
        parts.add(svc + " " + old + " → " + n + " backends");
      }
    });
    was.keySet().stream().filter(svc -> !now.containsKey(svc))
        .forEach(svc -> parts.add(svc + " removed"));
    String what = parts.isEmpty() ? "backends replaced" : String.join(", ",
        parts.subList(0, Math.min(3, parts.size())))
        + (parts.size() > 3 ? " and " + (parts.size() - 3) + " more" : "");
    return after.node() + " rules: " + what;
  }

  private static Map<String, Integer> backends(Rules r) {
    Map<String, Integer> m = new TreeMap<>();
    for (ServiceRule s : r.services()) {
      m.merge(s.service(), s.backends().size(), Integer::sum);
    }
    return m;
  }
}
