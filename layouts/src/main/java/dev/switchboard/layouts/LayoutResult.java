package dev.switchboard.layouts;

import java.util.Map;

/**
 * Where everything goes: a box per region, per pod and per Service (top-left corners and sizes,
 * in layout units), and the bounds of it all. Immutable; any thread.
 */
public record LayoutResult(Map<String, Rect> regions, Map<String, Rect> elements, Rect bounds) {

  public Rect element(String key) {
    return elements.get(key);
  }
}
