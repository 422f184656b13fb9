package dev.switchboard.layouts;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Reads and writes {@link SavedLayout} as JSON: {@code {"format": "switchboard-layout",
 * "version": 1, ...}}. Readers accept any version up to their own and refuse newer ones with a
 * clear message; unknown fields are ignored (a minor addition does not bump the version).
 * Writes go to a temporary file first, so a crash never leaves half a layout. Any thread.
 */
public final class LayoutFile {
  private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
  private static final Type POINTS = new TypeToken<Map<String, Point>>() {}.getType();
  private static final Type INTS = new TypeToken<Map<String, Integer>>() {}.getType();
  private static final Type NESTED = new TypeToken<Map<String, Map<String, Integer>>>() {}.getType();

  private LayoutFile() {}

  public static void write(SavedLayout layout, Path file) throws IOException {
    JsonObject o = new JsonObject();
    o.addProperty("format", SavedLayout.FORMAT);
    o.addProperty("version", layout.version());
    o.add("pins", GSON.toJsonTree(layout.pins(), POINTS));
    o.addProperty("serviceColumns", layout.serviceColumns());
    o.add("serviceSlots", GSON.toJsonTree(layout.serviceSlots(), INTS));
    o.add("regionColumns", GSON.toJsonTree(layout.regionColumns(), INTS));
    o.add("regionSlots", GSON.toJsonTree(layout.regionSlots(), NESTED));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, GSON.toJson(o), StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  public static SavedLayout read(Path file) throws LayoutFormatException, IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  public static SavedLayout parse(String text, String name) throws LayoutFormatException {
    JsonObject o;
    try {
      JsonElement e = JsonParser.parseString(text);
      if (!e.isJsonObject()) {
        throw new LayoutFormatException(name + " is not a Switchboard layout (not a JSON object)");
      }
      o = e.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new LayoutFormatException(name + " is not a Switchboard layout: " + e.getMessage());
    }
    if (!o.has("format") || !SavedLayout.FORMAT.equals(o.get("format").getAsString())) {
      throw new LayoutFormatException(name + " is not a Switchboard layout (format field missing)");
    }
    int version = o.has("version") ? o.get("version").getAsInt() : -1;
    if (version < 1 || version > SavedLayout.CURRENT_VERSION) {
      throw new LayoutFormatException(name + " has layout version " + version + "; this Switchboard"
          + " reads versions 1 to " + SavedLayout.CURRENT_VERSION);
    }
    try {
      return new SavedLayout(version, map(o, "pins", POINTS), map(o, "serviceSlots", INTS),
          map(o, "regionColumns", INTS), map(o, "regionSlots", NESTED),
          o.has("serviceColumns") ? o.get("serviceColumns").getAsInt() : 0);
    } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
      throw new LayoutFormatException(name + " has a malformed field: " + e.getMessage());
    }
  }

  private static <T> Map<String, T> map(JsonObject o, String field, Type type) {
    if (!o.has(field) || o.get(field).isJsonNull()) {
      return Map.of();
    }
    Map<String, T> m = GSON.fromJson(o.get(field), type);
    return m == null ? Map.of() : Map.copyOf(m);
  }
}
