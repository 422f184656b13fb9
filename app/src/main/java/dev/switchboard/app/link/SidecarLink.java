package dev.switchboard.app.link;

import dev.switchboard.app.reconnect.Backoff;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Hello;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.event.PacketCaptured;
import dev.switchboard.capture.wire.Envelope;
import dev.switchboard.capture.wire.EventCodec;
import dev.switchboard.capture.wire.LineReader;
import dev.switchboard.capture.wire.WireFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.function.Consumer;

/**
 * Follows one sidecar's event stream ({@code GET /v1/events} with the bearer token) and hands
 * every event to a sink, in order. A cut stream is resumed after the last sequence number with
 * backoff (0.5 s doubling to 30 s); what the sidecar no longer had is passed on as a
 * {@link Lost} event ({@code link_gap}); a sidecar that restarted (a new hello) is read from its
 * start and the unknown gap reported ({@code sidecar_restart}). {@link #packets} follows the
 * sidecar's packet stream ({@code GET /v1/packets}) the same way: it hands on packets and its
 * losses (reasons prefixed {@code packets_}), not the hello or status lines the event stream
 * already gives. A streaming link that has gone quiet says so within a second (the shared
 * "sidecar-link-watchdog" thread checks every 0.25 s; see {@link #KEEPALIVE_STALL_NANOS}). Runs
 * on its own daemon thread; {@link #close()} from any thread.
 */
public final class SidecarLink implements EventSource {
  /** The sidecar sends a status line every 5 s; three missed mean the stream is dead. */
  static final int READ_TIMEOUT_MS = 15_000;
  static final int CONNECT_TIMEOUT_MS = 5_000;
  /**
   * Quiet this long (one status line missed, and a second more), a streaming link says so
   * before the read timeout gives up on it: a cut that TCP has not noticed yet (a node's link
   * down) shows as a state, not as nothing.
   */
  static final long STALL_NANOS = 6_000_000_000L;
  /**
   * The same for a sidecar that sends an empty line whenever it has been quiet for 0.25 s (this
   * version's do): three of them missed, so a cut link shows within a second.
   */
  static final long KEEPALIVE_STALL_NANOS = 750_000_000L;
  private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sidecar-link-watchdog");
        t.setDaemon(true);
        return t;
      });
  /** The largest event is a Rules event of a big cluster: a few MiB. */
  static final int MAX_LINE_BYTES = 16 << 20;
  private static final String PACKETS = "/v1/packets";

  private final URI base;
  private final String name;
  private final String statusKey;
  private final String path;
  private final boolean packetStream;
  /** Asked before each stream: a rotated token is picked up at the next reconnect. */
  private final java.util.function.Supplier<String> token;
  private final EventIntake intake;
  private final Consumer<LinkStatus> statusSink;
  private final Thread thread;
  private volatile boolean closed;
  private volatile HttpURLConnection current;
  private volatile long lastLineNanos;
  private volatile boolean streaming;
  private volatile boolean stalled;
  private volatile boolean keepalives;
  private volatile java.util.concurrent.ScheduledFuture<?> watchdog;
  private long lastSeq = -1;
  private long lastEventNanos;
  private long incarnation = -1;
  private String node;
  private long reconnects;
  private boolean helloSeen;

  public SidecarLink(URI base, String token, EventIntake intake,
      Consumer<LinkStatus> statusSink) {
    this(base, null, "/v1/events", () -> token, intake, statusSink);
  }

  /**
   * @param name what the link is called in its status and messages (e.g. a pod reached through
   *     a port-forward, whose local URL means nothing to a user)
   */
  public SidecarLink(URI base, String name, java.util.function.Supplier<String> token,
      EventIntake intake, Consumer<LinkStatus> statusSink) {
    this(base, name, "/v1/events", token, intake, statusSink);
  }

  private SidecarLink(URI base, String name, String path,
      java.util.function.Supplier<String> token, EventIntake intake,
      Consumer<LinkStatus> statusSink) {
    this.base = base;
    this.name = name == null ? base.toString() : name;
    this.path = path;
    this.packetStream = path.equals(PACKETS);
    this.statusKey = name == null ? (packetStream ? base.resolve(path).toString()
        : base.toString()) : name + (packetStream ? " packets" : "");
    this.token = token;
    this.intake = intake;
    this.statusSink = statusSink;
    this.thread = new Thread(this::follow, "sidecar-link " + this.name + path);
    thread.setDaemon(true);
  }

  /** Follows the sidecar's packets (cut to headers and DNS) for a recording. */
  public static SidecarLink packets(URI base, String token, EventIntake intake,
      Consumer<LinkStatus> statusSink) {
    return new SidecarLink(base, null, PACKETS, () -> token, intake, statusSink);
  }

  /** The same, with the link's name for its status and messages. */
  public static SidecarLink packets(URI base, String name,
      java.util.function.Supplier<String> token, EventIntake intake,
      Consumer<LinkStatus> statusSink) {
    return new SidecarLink(base, name, PACKETS, token, intake, statusSink);
  }

  @Override
  public void start() {
    thread.start();
    watchdog = WATCHDOG.scheduleWithFixedDelay(this::checkQuiet, 250, 250,
        java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /**
   * On the watchdog thread: a streaming link with no line for {@link #KEEPALIVE_STALL_NANOS}
   * (or {@link #STALL_NANOS} from a sidecar without keepalives).
   */
  private void checkQuiet() {
    long quiet = System.nanoTime() - lastLineNanos;
    boolean beats = keepalives;
    if (streaming && !stalled && !closed
        && quiet > (beats ? KEEPALIVE_STALL_NANOS : STALL_NANOS)) {
      stalled = true;
      report(LinkStatus.LinkState.STREAMING, "no data from " + (node == null ? name : "node "
          + node) + " for " + seconds(quiet) + " s (" + (beats ? "it sends a line every 0.25 s"
          : "a status line comes every 5 s") + "): the link may be cut");
    }
  }

  /** Whether the current stream has carried a keepalive (so quiet shows after 0.75 s). */
  boolean hearsKeepalives() {
    return keepalives;
  }

  private static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f", nanos / 1e9);
  }

  @Override
  public boolean live() {
    return true;
  }

  /** An unexpected exception ends the link with a reported loss, never a silent dead thread. */
  private void follow() {
    try {
      followUntilClosed();
    } catch (RuntimeException bug) {
      intake.offer(lost(lastEventNanos, node == null ? base.getHost() : node, "source_failed",
          1, lastEventNanos, lastEventNanos));
      report(LinkStatus.LinkState.FAILED, "the link to " + name + " stopped by "
          + SourceFailure.describe(bug));
    }
  }

  private void followUntilClosed() {
    int failures = 0;
    while (!closed) {
      report(LinkStatus.LinkState.CONNECTING, "connecting to " + name);
      String problem;
      helloSeen = false;
      try {
        problem = stream();
      } catch (IOException e) {
        problem = "stream from " + name + " failed: " + e.getMessage();
      }
      // A stream that worked for a while starts the backoff over; repeated failures grow it.
      failures = problem == null ? 0 : helloSeen ? 1 : failures + 1;
      if (closed) {
        break;
      }
      if (problem != null) {
        long wait = Backoff.withJitter(failures);
        report(LinkStatus.LinkState.RETRYING, problem + "; retrying in "
            + Math.max(1, Math.round(wait / 1000.0)) + " s");
        try {
          Thread.sleep(wait);
        } catch (InterruptedException e) {
          break;
        }
      }
      reconnects++;
    }
    report(LinkStatus.LinkState.CLOSED, "closed");
  }

  /** One HTTP stream; returns why it ended (null: the sidecar restarted, reconnect at once). */
  private String stream() throws IOException {
    URI uri = base.resolve(path + (lastSeq >= 0 ? "?after=" + lastSeq : ""));
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    current = c;
    c.setConnectTimeout(CONNECT_TIMEOUT_MS);
    c.setReadTimeout(READ_TIMEOUT_MS);
    c.setRequestProperty("Authorization", "Bearer " + token.get());
    int code = c.getResponseCode();
    if (code == 401 || code == 403) {
      return "the sidecar at " + name + " refused the token (HTTP " + code + ")";
    }
    if (code != 200) {
      return "the sidecar at " + name + " answered HTTP " + code;
    }
    try (InputStream body = c.getInputStream()) {
      LineReader in = new LineReader(body, MAX_LINE_BYTES);
      lastLineNanos = System.nanoTime();
      keepalives = false;
      for (String line = in.next(); line != null && !closed; line = in.next()) {
        heard();
        if (line.isEmpty()) {
          keepalives = true;
          continue;
        }
        Envelope e;
        try {
          if (line == LineReader.TOO_LONG) {
            throw new WireFormatException("a line over " + MAX_LINE_BYTES + " bytes");
          }
          e = EventCodec.decode(line);
        } catch (WireFormatException bad) {
          intake.offer(lost(lastEventNanos, node == null ? base.getHost() : node,
              "malformed_line", 1, lastEventNanos, lastEventNanos));
          report(LinkStatus.LinkState.STREAMING, "skipped a line from " + name + ": "
              + bad.getMessage());
          continue;
        }
        if (e != null && !take(e)) {
          return null;
        }
      }
    } finally {
      streaming = false;
      stalled = false;
      c.disconnect();
    }
    return "the sidecar at " + name + " ended the stream";
  }

  /** The words of a streaming link; the window shows such a link as "live". */
  private String streamingFrom() {
    return (packetStream ? "packets from node " : "streaming from node ") + node;
  }

  /** A line arrived: a stall, if one was reported, is over. */
  private void heard() {
    long now = System.nanoTime();
    long quiet = now - lastLineNanos;
    lastLineNanos = now;
    if (stalled) {
      stalled = false;
      report(LinkStatus.LinkState.STREAMING, streamingFrom() + " again, after "
          + seconds(quiet) + " s without data");
    }
  }

  /** Passes one envelope on; false when it shows the sidecar restarted. */
  private boolean take(Envelope e) {
    Event event = e.event();
    if (event instanceof Hello h) {
      node = h.node();
      if (incarnation >= 0 && h.timestampNanos() != incarnation) {
        intake.offer(lost(h.timestampNanos(), h.node(), "sidecar_restart", 0, lastEventNanos,
            h.timestampNanos()));
        incarnation = h.timestampNanos();
        lastSeq = -1;
        return false;
      }
      incarnation = h.timestampNanos();
      helloSeen = true;
      streaming = true;
      report(LinkStatus.LinkState.STREAMING, streamingFrom());
      if (!packetStream) {
        intake.offer(h);
      }
      return true;
    }
    if (e.seq() > 0) {
      if (lastSeq >= 0 && e.seq() > lastSeq + 1) {
        intake.offer(lost(event.timestampNanos(), event.node(), "link_gap",
            e.seq() - lastSeq - 1, lastEventNanos, event.timestampNanos()));
      }
      if (e.seq() <= lastSeq) {
        return true;
      }
      lastSeq = e.seq();
      lastEventNanos = event.timestampNanos();
    }
    if (!packetStream) {
      intake.offer(event);
    } else if (event instanceof Lost l) {
      intake.offer(lost(l.timestampNanos(), l.node(), l.reason(), l.count(), l.fromNanos(),
          l.toNanos()));
    } else if (event instanceof PacketCaptured) {
      intake.offer(event);
    }
    return true;
  }

  /** A loss of this stream: a packet stream's losses are named as such. */
  private Lost lost(long at, String node, String reason, long count, long from, long to) {
    return new Lost(at, node, packetStream ? "packets_" + reason : reason, count, from, to);
  }

  private void report(LinkStatus.LinkState state, String message) {
    statusSink.accept(new LinkStatus(statusKey, node, state, reconnects, message));
  }

  @Override
  public String toString() {
    return "sidecar " + name + (packetStream ? " packets" : "");
  }

  @Override
  public void close() {
    closed = true;
    java.util.concurrent.ScheduledFuture<?> w = watchdog;
    if (w != null) {
      w.cancel(false);
    }
    HttpURLConnection c = current;
    if (c != null) {
      c.disconnect();
    }
    thread.interrupt();
  }
}
