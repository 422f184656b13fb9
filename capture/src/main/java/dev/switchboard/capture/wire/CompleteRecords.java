package dev.switchboard.capture.wire;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses a decoded record with a field missing (or a null inside a list or map), so readers of
 * untrusted lines may rely on every field but the few a format says can be absent. Stateless;
 * any thread.
 */
public final class CompleteRecords {
  private CompleteRecords() {}

  /**
   * @param what how to name it in the refusal ("open event", "pod")
   * @param optional "Type.field" of the fields that may be null
   */
  public static void require(Object value, String what, Set<String> optional)
      throws WireFormatException {
    if (value instanceof Record r) {
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        Object v;
        try {
          v = c.getAccessor().invoke(r);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
        if (v == null) {
          if (!optional.contains(r.getClass().getSimpleName() + "." + c.getName())) {
            throw new WireFormatException("malformed " + what + ": " + c.getName() + " missing");
          }
        } else {
          require(v, what, optional);
        }
      }
    } else if (value instanceof List<?> list) {
      for (Object element : list) {
        if (element == null) {
          throw new WireFormatException("malformed " + what + ": null in a list");
        }
        require(element, what, optional);
      }
    } else if (value instanceof Map<?, ?> map && map.containsValue(null)) {
      throw new WireFormatException("malformed " + what + ": null in a map");
    }
  }
}
