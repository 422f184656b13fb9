package dev.switchboard.app.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How far a pod's labels are from a selector, in edits, and which pairs differ — so that a typo
 * such as {@code app: front-end} against {@code app: frontend} can be named. Pure; any thread.
 */
final class LabelDistance {
  /** A selector pair and the closest pair the pod has instead (null when nothing is close). */
  record Mismatch(String key, String value, String podKey, String podValue) {
    @Override
    public String toString() {
      return key + "=" + value + " vs " + (podKey == null ? "nothing alike" : podKey + "=" + podValue);
    }
  }

  record Result(int cost, List<Mismatch> mismatches) {}

  private LabelDistance() {}

  static Result between(Map<String, String> selector, Map<String, String> labels) {
    int cost = 0;
    List<Mismatch> mismatches = new ArrayList<>();
    for (Map.Entry<String, String> want : selector.entrySet()) {
      String k = want.getKey();
      String v = want.getValue();
      String have = labels.get(k);
      if (v.equals(have)) {
        continue;
      }
      if (have != null) {
        cost += edits(v, have);
        mismatches.add(new Mismatch(k, v, k, have));
        continue;
      }
      int best = k.length() + v.length();
      Mismatch closest = new Mismatch(k, v, null, null);
      for (Map.Entry<String, String> e : labels.entrySet()) {
        int c = edits(k, e.getKey()) + edits(v, e.getValue());
        if (c < best) {
          best = c;
          closest = new Mismatch(k, v, e.getKey(), e.getValue());
        }
      }
      cost += best;
      mismatches.add(closest);
    }
    return new Result(cost, mismatches);
  }

  /** Levenshtein distance, two rows. */
  static int edits(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
