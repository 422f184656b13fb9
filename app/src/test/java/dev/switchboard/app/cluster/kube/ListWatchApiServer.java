package dev.switchboard.app.cluster.kube;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * An HTTP server with the list/watch semantics of a real kube-apiserver (as recorded in
 * fixtures/real-api-1): one global resourceVersion, paged LISTs with continue tokens and
 * remainingItemCount, chunked watch streams that replay history after a resourceVersion,
 * synthetic ADDED events for a watch without one, BOOKMARK events shaped like the real ones, a 410
 * Expired ERROR event inside a 200 stream for a compacted resourceVersion, 410 for an Exact LIST of
 * a compacted version, 401 for a wrong bearer token, 403 for forbidden resources, and
 * SelfSubjectAccessReviews. Restart keeps the "etcd" state and drops every connection.
 *
 * <p>Threads: mutations from the test thread are synchronized on this; each watch runs on an
 * executor thread of the HTTP server.
 */
public final class ListWatchApiServer implements AutoCloseable {
  private static final Gson GSON = new Gson();
  private static final JsonObject POISON = new JsonObject();

  /** One resource kind the server serves. */
  private record Kind(String group, String version, String plural, String kind, boolean namespaced) {
    String apiVersion() {
      return group.isEmpty() ? version : group + "/" + version;
    }
  }

  private record Event(long rv, Kind kind, String type, JsonObject object) {}

  private record Watch(Kind kind, String namespace, BlockingQueue<Event> queue) {}

  private static final List<Kind> KINDS = List.of(
      new Kind("", "v1", "namespaces", "Namespace", false),
      new Kind("", "v1", "nodes", "Node", false),
      new Kind("", "v1", "pods", "Pod", true),
      new Kind("", "v1", "services", "Service", true),
      new Kind("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true));

  private final Map<Kind, TreeMap<String, JsonObject>> objects = new HashMap<>();
  private final List<Event> history = new ArrayList<>();
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final List<HttpExchange> open = new CopyOnWriteArrayList<>();
  private final Set<String> forbidden = new HashSet<>();
  private long resourceVersion = 100;
  private long compactedBelow = 0;
  private boolean silent;
  private volatile String token;
  private volatile long bookmarkEveryMs = 1000;
  private volatile int maxWatchSeconds = 30;
  private HttpServer http;
  private ExecutorService executor;
  private int port;

  public ListWatchApiServer() {
    for (Kind k : KINDS) {
      objects.put(k, new TreeMap<>());
    }
  }

  // ---- lifecycle ----

  public synchronized ListWatchApiServer start() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "test-apiserver");
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(executor);
    http.createContext("/", this::handle);
    http.start();
    port = http.getAddress().getPort();
    return this;
  }

  /** Drops every connection and stops listening; state ("etcd") is kept. */
  public synchronized void stop() {
    if (http == null) {
      return;
    }
    for (Watch w : watches) {
      w.queue.offer(new Event(0, null, null, POISON));
    }
    for (HttpExchange e : open) {
      e.close();
    }
    http.stop(0);
    executor.shutdownNow();
    http = null;
  }

  /** An API server restart: watch caches start over, so old resourceVersions are compacted. */
  public void restart() throws IOException {
    stop();
    synchronized (this) {
      compactedBelow = resourceVersion;
    }
    start();
  }

  @Override
  public void close() {
    stop();
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public void requireToken(String value) {
    token = value;
  }

  public synchronized void forbid(String plural) {
    forbidden.add(plural);
  }

  public void bookmarkEvery(long millis) {
    bookmarkEveryMs = millis;
  }

  public void maxWatchSeconds(int seconds) {
    maxWatchSeconds = seconds;
  }

  public List<String> requests() {
    return List.copyOf(requests);
  }

  public synchronized long resourceVersion() {
    return resourceVersion;
  }

  /** Forgets history below the current version, as etcd compaction does. */
  public synchronized void compact() {
    compactedBelow = resourceVersion;
    history.clear();
  }

  // ---- state changes (the test plays controller and kubelet) ----

  /** Loads every object of a {@code kubectl get -o yaml} dump. */
  @SuppressWarnings("unchecked")
  public synchronized void seed(InputStream yaml) {
    Map<String, Object> doc = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(new InputStreamReader(yaml, StandardCharsets.UTF_8));
    for (Object item : (List<Object>) doc.get("items")) {
      JsonObject o = GSON.toJsonTree(item).getAsJsonObject();
      apply(o);
    }
  }

  /** Creates or replaces an object (by kind, namespace and name); returns the stored copy. */
  public synchronized JsonObject apply(JsonObject object) {
    Kind kind = kindOf(object.get("kind").getAsString());
    JsonObject copy = object.deepCopy();
    JsonObject meta = copy.getAsJsonObject("metadata");
    String key = key(meta);
    boolean exists = objects.get(kind).containsKey(key);
    if (!meta.has("uid")) {
      meta.addProperty("uid", UUID.randomUUID().toString());
    }
    if (!meta.has("creationTimestamp")) {
      meta.addProperty("creationTimestamp", Instant.now().toString());
    }
    meta.addProperty("resourceVersion", String.valueOf(++resourceVersion));
    copy.addProperty("apiVersion", kind.apiVersion());
    copy.addProperty("kind", kind.kind());
    objects.get(kind).put(key, copy);
    publish(new Event(resourceVersion, kind, exists ? "MODIFIED" : "ADDED", copy));
    return copy.deepCopy();
  }

  public synchronized JsonObject get(String kindName, String namespace, String name) {
    JsonObject o = objects.get(kindOf(kindName)).get((namespace == null ? "" : namespace) + "/" + name);
    return o == null ? null : o.deepCopy();
  }

  public synchronized boolean delete(String kindName, String namespace, String name) {
    Kind kind = kindOf(kindName);
    JsonObject gone = objects.get(kind).remove((namespace == null ? "" : namespace) + "/" + name);
    if (gone == null) {
      return false;
    }
    gone.getAsJsonObject("metadata").addProperty("resourceVersion", String.valueOf(++resourceVersion));
    publish(new Event(resourceVersion, kind, "DELETED", gone));
    return true;
  }

  public synchronized int count(String kindName) {
    return objects.get(kindOf(kindName)).size();
  }

  /**
   * Runs changes no watcher hears of: what happens when the watch cache loses events. As a real
   * server does then, every watch stream ends and history is compacted, so a client resuming
   * from its old resourceVersion gets 410 Expired and must relist to see the changes.
   */
  public synchronized void unseen(Runnable changes) {
    silent = true;
    try {
      changes.run();
    } finally {
      silent = false;
    }
    for (Watch w : watches) {
      w.queue.offer(new Event(0, null, null, POISON));
    }
    compact();
  }

  /** Every stored object, with kind and apiVersion, in a stable order. */
  public synchronized JsonArray exportAll() {
    JsonArray all = new JsonArray();
    for (Kind k : KINDS) {
      objects.get(k).values().forEach(o -> all.add(o.deepCopy()));
    }
    return all;
  }

  private void publish(Event e) {
    if (silent) {
      return;
    }
    history.add(e);
    for (Watch w : watches) {
      if (w.kind.equals(e.kind) && matches(w.namespace, e.object)) {
        w.queue.offer(e);
      }
    }
  }

  private static Kind kindOf(String kindName) {
    for (Kind k : KINDS) {
      if (k.kind.equals(kindName)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unserved kind " + kindName);
  }

  private static String key(JsonObject meta) {
    String ns = meta.has("namespace") ? meta.get("namespace").getAsString() : "";
    return ns + "/" + meta.get("name").getAsString();
  }

  private static boolean matches(String namespace, JsonObject o) {
    if (namespace == null) {
      return true;
    }
    JsonObject meta = o.getAsJsonObject("metadata");
    return meta.has("namespace") && namespace.equals(meta.get("namespace").getAsString());
  }

  // ---- HTTP ----

  private void handle(HttpExchange ex) throws IOException {
    open.add(ex);
    try {
      String uri = ex.getRequestURI().toString();
      requests.add(ex.getRequestMethod() + " " + uri);
      if (token != null) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (!("Bearer " + token).equals(auth)) {
          status(ex, 401, "Unauthorized", "Unauthorized", null);
          return;
        }
      }
      String path = ex.getRequestURI().getPath();
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      if ("POST".equals(ex.getRequestMethod())
          && path.equals("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")) {
        accessReview(ex);
        return;
      }
      Route route = route(path);
      if (route == null || !"GET".equals(ex.getRequestMethod())) {
        status(ex, 404, "NotFound", "the server could not find the requested resource", null);
        return;
      }
      synchronized (this) {
        if (forbidden.contains(route.kind.plural)) {
          String scope = route.namespace == null ? "at the cluster scope"
              : "in the namespace \"" + route.namespace + "\"";
          String verb = q.containsKey("watch") ? "watch" : "list";
          status(ex, 403, "Forbidden", route.kind.plural + " is forbidden: User \"test-user\" cannot "
              + verb + " resource \"" + route.kind.plural + "\" in API group \"" + route.kind.group
              + "\" " + scope, route.kind.plural);
          return;
        }
      }
      if ("true".equals(q.get("watch")) || "1".equals(q.get("watch"))) {
        watch(ex, route, q);
      } else {
        list(ex, route, q);
      }
    } catch (IOException | RuntimeException e) {
      // the client went away or the server was stopped under it: nothing to answer
    } finally {
      open.remove(ex);
      ex.close();
    }
  }

  private record Route(Kind kind, String namespace) {}

  private static Route route(String path) {
    String[] p = path.split("/");
    int base;
    String group;
    if (p.length >= 3 && p[1].equals("api") && p[2].equals("v1")) {
      base = 3;
      group = "";
    } else if (p.length >= 4 && p[1].equals("apis")) {
      base = 4;
      group = p[2];
    } else {
      return null;
    }
    String namespace = null;
    String plural;
    if (p.length == base + 1) {
      plural = p[base];
    } else if (p.length == base + 3 && p[base].equals("namespaces")) {
      namespace = p[base + 1];
      plural = p[base + 2];
    } else {
      return null;
    }
    for (Kind k : KINDS) {
      if (k.plural.equals(plural) && k.group.equals(group) && (namespace == null || k.namespaced)) {
        return new Route(k, namespace);
      }
    }
    return null;
  }

  private void list(HttpExchange ex, Route route, Map<String, String> q) throws IOException {
    JsonObject body = new JsonObject();
    synchronized (this) {
      String rvParam = q.getOrDefault("resourceVersion", "");
      if ("Exact".equals(q.get("resourceVersionMatch")) && !rvParam.isEmpty()
          && Long.parseLong(rvParam) < compactedBelow) {
        status(ex, 410, "Expired", "The resourceVersion for the provided list is too old.", null);
        return;
      }
      List<JsonObject> all = new ArrayList<>();
      for (JsonObject o : objects.get(route.kind).values()) {
        if (matches(route.namespace, o)) {
          all.add(o);
        }
      }
      long listRv = resourceVersion;
      int start = 0;
      String cont = q.get("continue");
      if (cont != null && !cont.isEmpty()) {
        String[] parts = new String(Base64.getUrlDecoder().decode(cont), StandardCharsets.UTF_8)
            .split(":");
        listRv = Long.parseLong(parts[0]);
        start = Integer.parseInt(parts[1]);
        if (listRv < compactedBelow) {
          status(ex, 410, "Expired", "The provided continue parameter is too old to display a"
              + " consistent list result. You can start a new list without the continue parameter.",
              null);
          return;
        }
      }
      int limit = q.containsKey("limit") ? Integer.parseInt(q.get("limit")) : Integer.MAX_VALUE;
      int end = (int) Math.min(all.size(), (long) start + limit);
      JsonArray items = new JsonArray();
      for (JsonObject o : all.subList(Math.min(start, all.size()), end)) {
        JsonObject item = o.deepCopy();
        item.remove("kind"); // list items carry no kind/apiVersion, as in the real server
        item.remove("apiVersion");
        items.add(item);
      }
      JsonObject meta = new JsonObject();
      meta.addProperty("resourceVersion", String.valueOf(listRv));
      if (end < all.size()) {
        meta.addProperty("continue", Base64.getUrlEncoder().withoutPadding()
            .encodeToString((listRv + ":" + end).getBytes(StandardCharsets.UTF_8)));
        meta.addProperty("remainingItemCount", all.size() - end);
      }
      body.addProperty("kind", route.kind.kind + "List");
      body.addProperty("apiVersion", route.kind.apiVersion());
      body.add("metadata", meta);
      body.add("items", items);
    }
    send(ex, 200, body);
  }

  private void watch(HttpExchange ex, Route route, Map<String, String> q) throws IOException {
    Watch w = new Watch(route.kind, route.namespace, new LinkedBlockingQueue<>());
    List<Event> backlog = new ArrayList<>();
    boolean expired = false;
    String rvParam = q.getOrDefault("resourceVersion", "");
    synchronized (this) {
      if (rvParam.isEmpty() || rvParam.equals("0")) {
        for (JsonObject o : objects.get(route.kind).values()) {
          if (matches(route.namespace, o)) {
            backlog.add(new Event(resourceVersion, route.kind, "ADDED", o));
          }
        }
      } else {
        long from = Long.parseLong(rvParam);
        if (from < compactedBelow) {
          expired = true;
        } else {
          for (Event e : history) {
            if (e.rv > from && e.kind.equals(route.kind) && matches(route.namespace, e.object)) {
              backlog.add(e);
            }
          }
        }
      }
      if (!expired) {
        watches.add(w);
      }
    }
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.getResponseHeaders().add("Cache-Control", "no-cache, private");
    ex.sendResponseHeaders(200, 0); // chunked
    try (OutputStream out = ex.getResponseBody()) {
      if (expired) {
        // Exactly what a real server sends: HTTP 200, then one ERROR event, then the end.
        writeLine(out, "{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\",\"apiVersion\":\"v1\","
            + "\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource version: "
            + rvParam + " (" + resourceVersion() + ")\",\"reason\":\"Expired\",\"code\":410}}");
        return;
      }
      for (Event e : backlog) {
        writeEvent(out, e);
      }
      boolean bookmarks = "true".equals(q.get("allowWatchBookmarks"));
      int timeout = Math.min(maxWatchSeconds,
          q.containsKey("timeoutSeconds") ? Integer.parseInt(q.get("timeoutSeconds")) : maxWatchSeconds);
      long deadline = System.currentTimeMillis() + timeout * 1000L;
      long nextBookmark = System.currentTimeMillis() + bookmarkEveryMs;
      while (System.currentTimeMillis() < deadline) {
        long wait = Math.max(1, Math.min(deadline, bookmarks ? nextBookmark : deadline)
            - System.currentTimeMillis());
        Event e = w.queue.poll(wait, TimeUnit.MILLISECONDS);
        if (e != null && e.object == POISON) {
          return;
        }
        if (e != null) {
          writeEvent(out, e);
        } else if (bookmarks && System.currentTimeMillis() >= nextBookmark) {
          // A bookmark promises "you have everything up to here": take the version only while
          // nothing is queued for this watch (changes and unseen() enqueue under the same lock),
          // or a change made meanwhile would be skipped by a client resuming from it.
          Long version;
          synchronized (this) {
            version = w.queue.isEmpty() ? resourceVersion : null;
          }
          if (version == null) {
            continue;
          }
          writeLine(out, "{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"" + route.kind.kind
              + "\",\"apiVersion\":\"" + route.kind.apiVersion() + "\",\"metadata\":{"
              + "\"resourceVersion\":\"" + version + "\",\"creationTimestamp\":null}"
              + (route.kind.kind.equals("Pod") ? ",\"spec\":{\"containers\":null},\"status\":{}" : "")
              + "}}");
          nextBookmark = System.currentTimeMillis() + bookmarkEveryMs;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      watches.remove(w);
    }
  }

  private static void writeEvent(OutputStream out, Event e) throws IOException {
    JsonObject ev = new JsonObject();
    ev.addProperty("type", e.type);
    ev.add("object", e.object);
    writeLine(out, GSON.toJson(ev));
  }

  private static void writeLine(OutputStream out, String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void accessReview(HttpExchange ex) throws IOException {
    JsonObject review = JsonParser.parseReader(new InputStreamReader(ex.getRequestBody(),
        StandardCharsets.UTF_8)).getAsJsonObject();
    JsonObject attrs = review.getAsJsonObject("spec").getAsJsonObject("resourceAttributes");
    String resource = attrs.get("resource").getAsString();
    boolean allowed;
    synchronized (this) {
      allowed = !forbidden.contains(resource);
    }
    JsonObject status = new JsonObject();
    status.addProperty("allowed", allowed);
    review.add("status", status);
    review.addProperty("kind", "SelfSubjectAccessReview");
    review.addProperty("apiVersion", "authorization.k8s.io/v1");
    send(ex, 201, review);
  }

  private static void status(HttpExchange ex, int code, String reason, String message,
      String detailsKind) throws IOException {
    JsonObject s = new JsonObject();
    s.addProperty("kind", "Status");
    s.addProperty("apiVersion", "v1");
    s.add("metadata", new JsonObject());
    s.addProperty("status", "Failure");
    s.addProperty("message", message);
    s.addProperty("reason", reason);
    if (detailsKind != null) {
      JsonObject d = new JsonObject();
      d.addProperty("kind", detailsKind);
      s.add("details", d);
    }
    s.addProperty("code", code);
    send(ex, code, s);
  }

  private static void send(HttpExchange ex, int code, JsonElement body) throws IOException {
    byte[] bytes = GSON.toJson(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw == null) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      q.put(k, v);
    }
    return q;
  }
}
