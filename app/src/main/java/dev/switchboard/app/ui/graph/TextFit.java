package dev.switchboard.app.ui.graph;

import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * Cuts labels to a width by measuring them, remembering the answers (measuring every label on
 * every frame would cost more than drawing). Names are cut in the middle: pods of one workload
 * differ only in their suffix ("backend-app-7d4b8f9c8d-abcde" → "backend-app-…-abcde"). FX thread.
 */
final class TextFit {
  private static final int CACHE = 20_000;

  private final Text probe = new Text();
  private final Map<String, String> cache = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > CACHE;
    }
  };

  double width(String s, Font font) {
    probe.setFont(font);
    probe.setText(s);
    return probe.getLayoutBounds().getWidth();
  }

  String end(String s, double width, Font font) {
    return cached('E', s, width, font);
  }

  String middle(String s, double width, Font font) {
    return cached('M', s, width, font);
  }

  private String cached(char mode, String s, double width, Font font) {
    String key = mode + "|" + font.getName() + "|" + font.getSize() + "|" + (int) width + "|" + s;
    String hit = cache.get(key);
    if (hit == null) {
      hit = cut(mode, s, width, font);
      cache.put(key, hit);
    }
    return hit;
  }

  private String cut(char mode, String s, double width, Font font) {
    if (width(s, font) <= width) {
      return s;
    }
    int lo = 0;
    int hi = s.length();
    while (lo < hi) {
      int mid = (lo + hi + 1) / 2;
      if (width(shorten(mode, s, mid), font) <= width) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return shorten(mode, s, lo);
  }

  /** {@code s} cut to {@code keep} characters plus an ellipsis. */
  static String shorten(char mode, String s, int keep) {
    if (keep <= 0) {
      return "…";
    }
    if (mode == 'E') {
      return s.substring(0, keep) + "…";
    }
    int tail = keep / 2;
    int head = keep - tail;
    return s.substring(0, head) + "…" + s.substring(s.length() - tail);
  }
}
