package dev.switchboard.capture.sidecar;

import com.google.gson.Gson;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Hello;
import dev.switchboard.capture.event.Status;
import dev.switchboard.capture.wire.Envelope;
import dev.switchboard.capture.wire.EventCodec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The sidecar's HTTP API; every request but {@code /healthz} needs the bearer token (401 otherwise):
 * <ul>
 *   <li>{@code GET /v1/events[?after=SEQ]} — Hello, the backlog (after SEQ), then live events as
 *       JSON Lines over a chunked response; a Status event every few seconds keeps it alive.</li>
 *   <li>{@code GET /v1/packets[?after=SEQ]} — the same for captured packets cut to their headers
 *       (and DNS messages), numbered on their own.</li>
 *   <li>{@code GET /v1/status} — counters.</li>
 *   <li>{@code GET /v1/rules} — the current Rules event.</li>
 * </ul>
 * Threads: the JDK server's accept thread and one pooled thread per request.
 */
public final class SidecarServer implements AutoCloseable {
  private static final long HEARTBEAT_MS = 5000;
  /**
   * An empty line after this long without writing (and one right after the hello, so a reader
   * knows this stream has them): a reader tells a quiet node from a cut link within a second
   * (TCP itself may take minutes to notice a link that went down).
   */
  static final long KEEPALIVE_MS = 250;
  private static final Gson GSON = new Gson();

  private final HttpServer http;
  private final ExecutorService pool;
  private final Tokens tokens;
  private final EventHub hub;
  private final EventHub packets;
  private final Supplier<Hello> hello;
  private final Supplier<Map<String, Long>> counters;
  private final Supplier<Event> rules;
  private final String node;

  /** @param packets the packets served on request (their own numbering) */
  public SidecarServer(InetSocketAddress listen, Tokens tokens, EventHub hub, EventHub packets,
      String node, Supplier<Hello> hello, Supplier<Map<String, Long>> counters,
      Supplier<Event> rules) throws IOException {
    this.tokens = tokens;
    this.hub = hub;
    this.packets = packets;
    this.node = node;
    this.hello = hello;
    this.counters = counters;
    this.rules = rules;
    this.http = HttpServer.create(listen, 16);
    this.pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "sidecar-http");
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(pool);
    http.createContext("/", this::handle);
  }

  public void start() {
    http.start();
  }

  public int port() {
    return http.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if ("/healthz".equals(ex.getRequestURI().getPath())) {
        send(ex, 200, "ok"); // liveness only: says nothing about the node
        return;
      }
      if (!tokens.accepts(ex.getRequestHeaders().getFirst("Authorization"))) {
        send(ex, 401, "{\"error\":\"a valid bearer token is required\"}");
        return;
      }
      if (!"GET".equals(ex.getRequestMethod())) {
        send(ex, 405, "{\"error\":\"GET only\"}");
        return;
      }
      switch (ex.getRequestURI().getPath()) {
        case "/v1/events" -> stream(ex, hub);
        case "/v1/packets" -> stream(ex, packets);
        case "/v1/status" -> send(ex, 200, GSON.toJson(counters.get()));
        case "/v1/rules" -> {
          Event r = rules.get();
          send(ex, r == null ? 404 : 200, r == null ? "{\"error\":\"no kube-proxy rules found\"}"
              : EventCodec.encode(hub.lastSeq(), r));
        }
        default -> send(ex, 404, "{\"error\":\"unknown path\"}");
      }
    } catch (IOException e) {
      // the reader went away
    }
  }

  private void stream(HttpExchange ex, EventHub from) throws IOException {
    long after = -1;
    String query = ex.getRequestURI().getQuery();
    if (query != null && query.startsWith("after=")) {
      try {
        after = Long.parseLong(query.substring(6));
      } catch (NumberFormatException e) {
        send(ex, 400, "{\"error\":\"after must be a number\"}");
        return;
      }
    }
    ex.getResponseHeaders().add("Content-Type", "application/x-ndjson");
    ex.sendResponseHeaders(200, 0);
    try (EventHub.Subscription sub = from.subscribe(after);
        OutputStream out = ex.getResponseBody()) {
      write(out, EventCodec.encode(0, hello.get()));
      write(out, ""); // the first keepalive at once: a busy stream may not need another for long
      long nextBeat = System.currentTimeMillis() + HEARTBEAT_MS;
      long lastWrite = System.currentTimeMillis();
      while (!Thread.currentThread().isInterrupted()) {
        long wait = Math.min(nextBeat, lastWrite + KEEPALIVE_MS) - System.currentTimeMillis();
        Envelope e = sub.next(Math.max(1, wait));
        long now = System.currentTimeMillis();
        if (e != null) {
          write(out, EventCodec.encode(e.seq(), e.event()));
          lastWrite = now;
        }
        if (now >= nextBeat) {
          write(out, EventCodec.encode(-1, new Status(now * 1_000_000L, node, counters.get())));
          nextBeat = now + HEARTBEAT_MS;
          lastWrite = now;
        } else if (now - lastWrite >= KEEPALIVE_MS) {
          write(out, "");
          lastWrite = now;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void write(OutputStream out, String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void send(HttpExchange ex, int code, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(code, b.length);
    ex.getResponseBody().write(b);
  }

  @Override
  public void close() {
    http.stop(0);
    pool.shutdownNow();
  }
}
