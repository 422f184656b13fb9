package dev.switchboard.capture.wire;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.switchboard.capture.event.ConnectionClosed;
import dev.switchboard.capture.event.ConnectionOpened;
import dev.switchboard.capture.event.DnsLookup;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Hello;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.event.PacketCaptured;
import dev.switchboard.capture.event.Rules;
import dev.switchboard.capture.event.Status;
import dev.switchboard.capture.event.Translated;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Event format v1 as JSON Lines (docs/wire-format.md): one object per line,
 * {@code {"type": …, "seq": …, <the event's fields>}}. Readers skip types they do not know and
 * ignore fields they do not know, so adding either is compatible; changing a field's meaning
 * bumps {@link Hello#VERSION}. Used by the sidecar, the app and recordings. Thread-safe.
 */
public final class EventCodec {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
  private static final Map<String, Class<? extends Event>> TYPES = Map.of(
      "hello", Hello.class,
      "dns", DnsLookup.class,
      "open", ConnectionOpened.class,
      "translated", Translated.class,
      "closed", ConnectionClosed.class,
      "rules", Rules.class,
      "lost", Lost.class,
      "status", Status.class,
      "packet", PacketCaptured.class);

  /** Fields the format allows to be absent (docs/wire-format.md). */
  private static final Set<String> OPTIONAL = Set.of("Hello.proxyNote", "DnsLookup.answeredBy");

  private EventCodec() {}

  private static final Map<Class<? extends Event>, String> NAMES = names();

  private static Map<Class<? extends Event>, String> names() {
    Map<Class<? extends Event>, String> m = new java.util.HashMap<>();
    TYPES.forEach((name, type) -> m.put(type, name));
    return Map.copyOf(m);
  }

  /** Whether {@code type} names an event of this format version. */
  public static boolean knows(String type) {
    return TYPES.containsKey(type);
  }

  public static String typeOf(Event e) {
    return NAMES.get(e.getClass());
  }

  /** One line, without the newline. */
  public static String encode(long seq, Event e) {
    JsonObject o = new JsonObject();
    o.addProperty("type", typeOf(e));
    o.addProperty("seq", seq);
    for (Map.Entry<String, JsonElement> f : GSON.toJsonTree(e).getAsJsonObject().entrySet()) {
      o.add(f.getKey(), f.getValue());
    }
    return GSON.toJson(o);
  }

  /**
   * The type a line names when it starts the way this codec writes lines
   * ({@code {"type":"open","seq":4,…}}), else null (the line may still be an event, in another
   * order: {@link #decode} reads it the slow way).
   */
  public static String leadingType(String line) {
    Matcher m = LEADING.matcher(line);
    return m.lookingAt() ? m.group(1) : null;
  }

  private static final Pattern LEADING =
      Pattern.compile("\\{\"type\":\"([a-z_]{1,32})\",\"seq\":(-?[0-9]{1,19}),");

  /**
   * The envelope, or null for an event type this reader does not know and for an empty line (a
   * live stream's keepalive): skip those.
   */
  public static Envelope decode(String line) throws WireFormatException {
    if (line.isEmpty()) {
      return null;
    }
    Matcher m = LEADING.matcher(line);
    if (m.lookingAt()) {
      // The common case, a line as written here: bind it straight from the text, no tree.
      Class<? extends Event> type = TYPES.get(m.group(1));
      if (type == null) {
        return null;
      }
      Event event;
      try {
        event = GSON.fromJson(line, type);
      } catch (JsonParseException | IllegalStateException | NumberFormatException
          | UnsupportedOperationException e) {
        throw new WireFormatException("malformed " + m.group(1) + " event: " + e.getMessage());
      }
      if (event == null) {
        throw new WireFormatException("not JSON: " + abbreviate(line));
      }
      CompleteRecords.require(event, m.group(1) + " event", OPTIONAL);
      return new Envelope(Long.parseLong(m.group(2)), event);
    }
    JsonObject o;
    try {
      JsonElement e = JsonParser.parseString(line);
      if (!e.isJsonObject()) {
        throw new WireFormatException("not a JSON object: " + abbreviate(line));
      }
      o = e.getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new WireFormatException("not JSON: " + abbreviate(line));
    }
    return decode(o, line);
  }

  /**
   * The envelope of an already parsed line, or null for an event type this reader does not know.
   *
   * @param line the text it came from, to quote in a refusal
   */
  public static Envelope decode(JsonObject o, String line) throws WireFormatException {
    if (!o.has("type") || !o.has("seq") || !o.get("type").isJsonPrimitive()
        || !o.get("seq").isJsonPrimitive()) {
      throw new WireFormatException("event without type or seq: " + abbreviate(line));
    }
    String name = o.get("type").getAsString();
    Class<? extends Event> type = TYPES.get(name);
    if (type == null) {
      return null;
    }
    Event event;
    long seq;
    try {
      seq = o.get("seq").getAsLong();
      event = GSON.fromJson(o, type);
    } catch (JsonParseException | IllegalStateException | NumberFormatException
        | UnsupportedOperationException e) {
      throw new WireFormatException("malformed " + name + " event: " + e.getMessage());
    }
    CompleteRecords.require(event, name + " event", OPTIONAL);
    return new Envelope(seq, event);
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "…";
  }
}
