package dev.switchboard.layouts;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stable slots for a set of keys: a key keeps its slot while present; a new key takes the lowest
 * free slot; a removed key frees its slot. So churn never moves the others. Not thread-safe.
 */
final class SlotTable {
  private final Map<String, Integer> slots = new HashMap<>();
  private final BitSet used = new BitSet();

  /** Brings the table to exactly {@code keys}; new keys are placed in the given order. */
  void update(List<String> keys) {
    Set<String> wanted = Set.copyOf(keys);
    slots.entrySet().removeIf(e -> {
      if (!wanted.contains(e.getKey())) {
        used.clear(e.getValue());
        return true;
      }
      return false;
    });
    for (String k : keys) {
      if (!slots.containsKey(k)) {
        int slot = used.nextClearBit(0);
        used.set(slot);
        slots.put(k, slot);
      }
    }
  }

  void restore(String key, int slot) {
    slots.put(key, slot);
    used.set(slot);
  }

  Integer slotOf(String key) {
    return slots.get(key);
  }

  /** One past the highest slot in use: how many cells the region must show. */
  int extent() {
    return used.length();
  }

  Map<String, Integer> asMap() {
    return Map.copyOf(slots);
  }
}
