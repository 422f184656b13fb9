package dev.switchboard.capture.wire;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses a decoded record with a field missing (or a null inside a list or map), so readers of
 * untrusted lines may rely on every field but the few a format says can be absent. Each record
 * type's accessors are looked up once (a stream decodes hundreds of thousands of events a
 * second). Stateless; any thread.
 */
public final class CompleteRecords {
  private record Field(String name, MethodHandle get) {}

  private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
    @Override
    protected Field[] computeValue(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      Field[] out = new Field[components.length];
      for (int i = 0; i < components.length; i++) {
        try {
          out[i] = new Field(components[i].getName(), MethodHandles.publicLookup()
              .unreflect(components[i].getAccessor())
              .asType(MethodType.methodType(Object.class, Object.class)));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
      return out;
    }
  };

  private CompleteRecords() {}

  /**
   * @param what how to name it in the refusal ("open event", "pod")
   * @param optional "Type.field" of the fields that may be null
   */
  public static void require(Object value, String what, Set<String> optional)
      throws WireFormatException {
    if (value instanceof Record r) {
      for (Field f : FIELDS.get(r.getClass())) {
        Object v;
        try {
          v = f.get().invokeExact((Object) r);
        } catch (Throwable e) {
          throw new IllegalStateException(e);
        }
        if (v == null) {
          if (!optional.contains(r.getClass().getSimpleName() + "." + f.name())) {
            throw new WireFormatException("malformed " + what + ": " + f.name() + " missing");
          }
        } else if (v instanceof Record || v instanceof List || v instanceof Map) {
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
