package dev.switchboard.app.session;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.switchboard.app.cluster.ChangeKind;
import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.link.LinkStatus;
import dev.switchboard.capture.wire.Envelope;
import dev.switchboard.capture.wire.EventCodec;
import dev.switchboard.capture.wire.WireFormatException;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@link SessionRecord} per JSON line (docs/session-format.md). Node events keep the wire
 * format's own shape ({@code "type":"open"} …, {@code seq} 0); the session's own records are
 * {@code session}, {@code cluster}, {@code link}, {@code bookmark} and {@code end}. Decoding
 * refuses a record with a field missing and returns null for a type it does not know (a newer
 * writer's addition: skip it). Stateless; any thread.
 */
final class SessionCodec {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private SessionCodec() {}

  static String encode(SessionRecord r) {
    if (r instanceof SessionRecord.EventRecord e) {
      return EventCodec.encode(0, e.event());
    }
    JsonObject o = new JsonObject();
    if (r instanceof SessionRecord.Start s) {
      head(o, "session", s.timestampNanos());
      o.addProperty("format", s.format());
      o.addProperty("app", s.app());
      o.addProperty("cluster", s.cluster());
      JsonArray sources = new JsonArray();
      s.sources().forEach(sources::add);
      o.add("sources", sources);
    } else if (r instanceof SessionRecord.ClusterChange c) {
      head(o, "cluster", c.timestampNanos());
      o.addProperty("kind", ClusterObjects.kindName(c.kind()));
      o.addProperty("namespace", c.key().namespace());
      o.addProperty("name", c.key().name());
      o.addProperty("initial", c.initial());
      if (c.object() != null) {
        o.add("object", ClusterObjects.encode(c.object()));
      }
    } else if (r instanceof SessionRecord.Link l) {
      head(o, "link", l.timestampNanos());
      o.addProperty("source", l.status().url());
      o.addProperty("node", l.status().node());
      o.addProperty("state", l.status().state().name());
      o.addProperty("reconnects", l.status().reconnects());
      o.addProperty("message", l.status().message());
    } else if (r instanceof SessionRecord.Bookmark b) {
      head(o, "bookmark", b.timestampNanos());
      o.addProperty("id", b.id());
      o.addProperty("note", b.note());
      o.addProperty("removed", b.removed());
    } else if (r instanceof SessionRecord.End e) {
      head(o, "end", e.timestampNanos());
      o.addProperty("reason", e.reason());
    }
    return GSON.toJson(o);
  }

  private static void head(JsonObject o, String type, long nanos) {
    o.addProperty("type", type);
    o.addProperty("timestampNanos", nanos);
  }

  /** The record on this line, or null when its type is unknown here. */
  static SessionRecord decode(String line) throws WireFormatException {
    String leading = EventCodec.leadingType(line);
    if (leading != null && EventCodec.knows(leading)) {
      // Most lines are node events written by this codec: bound from the text, no tree.
      Envelope e = EventCodec.decode(line);
      return e == null ? null : new SessionRecord.EventRecord(e.event());
    }
    JsonObject o;
    try {
      JsonElement e = JsonParser.parseString(line);
      if (!e.isJsonObject()) {
        throw new WireFormatException("not a JSON object");
      }
      o = e.getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new WireFormatException("not JSON");
    }
    String type = text(o, "type");
    try {
      return switch (type) {
        case "session" -> new SessionRecord.Start(nanos(o), (int) number(o, "format"),
            text(o, "app"), text(o, "cluster"), strings(o, "sources"));
        case "cluster" -> cluster(o);
        case "link" -> new SessionRecord.Link(nanos(o), new LinkStatus(text(o, "source"),
            o.has("node") && !o.get("node").isJsonNull() ? text(o, "node") : null,
            LinkStatus.LinkState.valueOf(text(o, "state")), number(o, "reconnects"),
            text(o, "message")));
        case "bookmark" -> new SessionRecord.Bookmark(nanos(o), text(o, "id"),
            o.has("note") ? text(o, "note") : "", flag(o, "removed"));
        case "end" -> new SessionRecord.End(nanos(o), text(o, "reason"));
        default -> {
          if (!EventCodec.knows(type)) {
            yield null;
          }
          Envelope e = EventCodec.decode(o, line);
          yield e == null ? null : new SessionRecord.EventRecord(e.event());
        }
      };
    } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException
        | ClassCastException e) {
      throw new WireFormatException("malformed " + type + " record: " + e.getMessage());
    }
  }

  private static SessionRecord cluster(JsonObject o) throws WireFormatException {
    ChangeKind kind = ClusterObjects.kind(text(o, "kind"));
    ObjectKey key = new ObjectKey(text(o, "namespace"), text(o, "name"));
    Object object = o.has("object") ? ClusterObjects.decode(kind, o.get("object")) : null;
    return new SessionRecord.ClusterChange(nanos(o), kind, key, object, flag(o, "initial"));
  }

  private static long nanos(JsonObject o) throws WireFormatException {
    return number(o, "timestampNanos");
  }

  private static String text(JsonObject o, String field) throws WireFormatException {
    JsonElement v = o.get(field);
    if (v == null || !v.isJsonPrimitive()) {
      throw new WireFormatException("record without " + field);
    }
    return v.getAsString();
  }

  private static long number(JsonObject o, String field) throws WireFormatException {
    try {
      return Long.parseLong(text(o, field));
    } catch (NumberFormatException e) {
      throw new WireFormatException(field + " is not a whole number");
    }
  }

  private static boolean flag(JsonObject o, String field) {
    JsonElement v = o.get(field);
    return v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isBoolean() && v.getAsBoolean();
  }

  private static List<String> strings(JsonObject o, String field) throws WireFormatException {
    JsonElement v = o.get(field);
    if (v == null || !v.isJsonArray()) {
      throw new WireFormatException("record without " + field);
    }
    List<String> out = new ArrayList<>();
    for (JsonElement e : v.getAsJsonArray()) {
      if (!e.isJsonPrimitive()) {
        throw new WireFormatException(field + " holds something other than text");
      }
      out.add(e.getAsString());
    }
    return List.copyOf(out);
  }
}
