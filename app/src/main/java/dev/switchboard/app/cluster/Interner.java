package dev.switchboard.app.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Canonical instances of values that repeat across thousands of objects: namespace and node names,
 * label keys and values, whole label maps of a pod template, port lists. Any thread.
 */
public final class Interner {
  private final ConcurrentHashMap<Object, Object> canon = new ConcurrentHashMap<>();

  @SuppressWarnings("unchecked")
  public <T> T intern(T value) {
    if (value == null) {
      return null;
    }
    Object prior = canon.putIfAbsent(value, value);
    return prior == null ? value : (T) prior;
  }

  /** An immutable, interned copy of a label map (keys and values interned too). */
  public Map<String, String> labels(Map<String, String> labels) {
    if (labels == null || labels.isEmpty()) {
      return Map.of();
    }
    @SuppressWarnings("unchecked")
    Map.Entry<String, String>[] entries = new Map.Entry[labels.size()];
    int i = 0;
    for (Map.Entry<String, String> e : labels.entrySet()) {
      entries[i++] = Map.entry(intern(e.getKey()), intern(e.getValue()));
    }
    return intern(Map.ofEntries(entries));
  }

  public <T> List<T> list(List<T> values) {
    if (values == null || values.isEmpty()) {
      return List.of();
    }
    return intern(List.copyOf(values));
  }

  public int size() {
    return canon.size();
  }
}
