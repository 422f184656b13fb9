package dev.switchboard.app.session;

import dev.switchboard.app.cluster.ChangeKind;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.ResolvedEndpoint;
import dev.switchboard.app.cluster.ServiceInfo;
import dev.switchboard.app.cluster.ServicePort;
import dev.switchboard.app.link.LinkStatus;
import dev.switchboard.app.trace.ClusterLookups;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.trace.Correlator;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Hello;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.event.Rules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What a timeline needs to know of a session before it plays: its span, where each block starts
 * (to seek), the cluster changes and the nodes' hello and rules events (to rebuild the state at
 * any moment), and the marks — every connection (by outcome), cluster changes, rule changes per
 * node, losses, link trouble, kube-proxy's lag behind each endpoint change — and bookmarks. Built
 * in one pass that replays the session as {@code replay} does. Immutable once built; any thread.
 */
public final class SessionIndex {
  /** One connection on the timeline: when it started and ended, how, and its trace id. */
  public record Connection(long startNanos, long endNanos, String outcome, String id) {}

  /** What a timeline mark stands for. */
  public enum Kind { CLUSTER, RULES, LOSS, LINK, LAG }

  /** A mark with its words; {@code node} null for cluster-wide marks. */
  public record Mark(long atNanos, Kind kind, String node, String text) {}

  /**
   * kube-proxy following one endpoint change on one node.
   *
   * @param servicePort "ns/name:port" as kube-proxy names it
   * @param followedAtNanos -1 when the node had not followed by the end of the recording
   */
  public record Lag(String servicePort, String node, long apiAtNanos, long followedAtNanos) {
    /** How long the node's rules took (as its sidecar read them); -1 when they never did. */
    public long lagMillis() {
      return followedAtNanos < 0 ? -1 : (followedAtNanos - apiAtNanos) / 1_000_000L;
    }
  }

  /** A record with its ordinal in the file, so a player knows what comes before a block. */
  public record Ordered<T>(long ordinal, T value) {}

  private final Path path;
  private final SessionRecord.Start start;
  private final String damage;
  private final boolean ended;
  private final long startNanos;
  private final long endNanos;
  private final List<SessionReader.Block> blocks;
  private final List<Ordered<SessionRecord.ClusterChange>> clusterChanges;
  private final List<Ordered<Event>> context;
  private final List<Connection> connections;
  private final List<Mark> marks;
  private final List<SessionRecord.Bookmark> bookmarks;
  private final SessionReader.Extent extent;
  private final List<Lag> lags;

  private SessionIndex(Builder b) {
    this.path = b.path;
    this.start = b.start;
    this.damage = b.damage;
    this.ended = b.ended;
    this.startNanos = b.first == Long.MAX_VALUE ? (start == null ? 0 : start.timestampNanos())
        : b.first;
    this.endNanos = Math.max(startNanos, b.endRecord != Long.MIN_VALUE ? b.endRecord : b.last);
    this.blocks = List.copyOf(b.blocks);
    this.clusterChanges = List.copyOf(b.clusterChanges);
    this.context = List.copyOf(b.context);
    b.connections.sort(Comparator.comparingLong(Connection::startNanos));
    this.connections = List.copyOf(b.connections);
    b.marks.sort(Comparator.comparingLong(Mark::atNanos));
    this.marks = List.copyOf(b.marks);
    this.extent = b.extent;
    this.lags = List.copyOf(b.lags);
    this.bookmarks = b.bookmarks.values().stream()
        .sorted(Comparator.comparingLong(SessionRecord.Bookmark::timestampNanos)).toList();
  }

  /**
   * Reads the whole session once: one thread ("session-decode") inflates and decodes the records
   * while the caller's thread (not the FX thread: it takes a while) replays them.
   */
  public static SessionIndex read(Path path) throws IOException, SessionFormatException {
    try (InputStream in = Files.newInputStream(path);
        SessionReader reader = new SessionReader(in)) {
      Builder b = new Builder(path);
      Decoded decoded = new Decoded(reader);
      decoded.start();
      try {
        for (List<Ordered<SessionRecord>> batch = decoded.next(); !batch.isEmpty();
            batch = decoded.next()) {
          for (Ordered<SessionRecord> r : batch) {
            b.take(r.ordinal(), r.value());
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading " + path, e);
      } finally {
        decoded.stop();
      }
      decoded.rethrow();
      b.finish(reader);
      return new SessionIndex(b);
    }
  }

  /** Records decoded ahead on a thread of their own, in batches; an empty batch ends them. */
  private static final class Decoded {
    private static final int BATCH = 4096;
    private final java.util.concurrent.BlockingQueue<List<Ordered<SessionRecord>>> queue =
        new java.util.concurrent.ArrayBlockingQueue<>(8);
    private final SessionReader reader;
    private final Thread thread;
    private volatile IOException failure;
    private volatile boolean stopped;

    Decoded(SessionReader reader) {
      this.reader = reader;
      this.thread = new Thread(this::decode, "session-decode");
      thread.setDaemon(true);
    }

    void start() {
      thread.start();
    }

    private void decode() {
      List<Ordered<SessionRecord>> batch = new ArrayList<>(BATCH);
      try {
        for (SessionRecord r = reader.next(); r != null && !stopped; r = reader.next()) {
          batch.add(new Ordered<>(reader.ordinal(), r));
          if (batch.size() == BATCH) {
            queue.put(batch);
            batch = new ArrayList<>(BATCH);
          }
        }
        if (!batch.isEmpty()) {
          queue.put(batch);
        }
      } catch (IOException e) {
        failure = e;
      } catch (InterruptedException e) {
        return;
      }
      try {
        queue.put(List.of());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    List<Ordered<SessionRecord>> next() throws InterruptedException {
      return queue.take();
    }

    void stop() {
      stopped = true;
      queue.clear();
      try {
        thread.join();
      } catch (InterruptedException e) {
        thread.interrupt();
        Thread.currentThread().interrupt();
      }
    }

    void rethrow() throws IOException {
      if (failure != null) {
        throw failure;
      }
    }
  }

  private static final class Builder {
    final Path path;
    final ClusterStore store = new ClusterStore();
    final Correlator correlator;
    final ProxyLag lag = new ProxyLag();
    final Map<String, Rules> lastRules = new HashMap<>();
    SessionRecord.Start start;
    String damage;
    boolean ended;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long endRecord = Long.MIN_VALUE;
    List<SessionReader.Block> blocks = List.of();
    SessionReader.Extent extent;
    final List<Ordered<SessionRecord.ClusterChange>> clusterChanges = new ArrayList<>();
    final List<Ordered<Event>> context = new ArrayList<>();
    final List<Connection> connections = new ArrayList<>();
    final List<Mark> marks = new ArrayList<>();
    final Map<String, SessionRecord.Bookmark> bookmarks = new LinkedHashMap<>();
    final List<Lag> lags = new ArrayList<>();

    Builder(Path path) {
      this.path = path;
      this.correlator = new Correlator(ClusterLookups.of(store), Correlator.HOLD_NANOS, this::traced);
    }

    void traced(ConnectionTrace t) {
      long end = t.durationNanos() < 0 ? t.startedAtNanos() : t.startedAtNanos() + t.durationNanos();
      connections.add(new Connection(t.startedAtNanos(), end, t.outcome(), t.id()));
    }

    void span(long t) {
      first = Math.min(first, t);
      last = Math.max(last, t);
    }

    void take(long ordinal, SessionRecord r) {
      if (onTimeline(r)) {
        span(r.timestampNanos());
      }
      if (r instanceof SessionRecord.Start s) {
        start = s;
      } else if (r instanceof SessionRecord.ClusterChange c) {
        clusterChanges.add(new Ordered<>(ordinal, c));
        if (c.initial()) {
          ClusterChanges.apply(c, store);
        } else {
          changed(c);
        }
      } else if (r instanceof SessionRecord.EventRecord e) {
        event(ordinal, e.event());
      } else if (r instanceof SessionRecord.Link l) {
        LinkStatus s = l.status();
        if (s.state() == LinkStatus.LinkState.RETRYING || s.state() == LinkStatus.LinkState.FAILED) {
          marks.add(new Mark(l.timestampNanos(), Kind.LINK, s.node(), s.message()));
        }
      } else if (r instanceof SessionRecord.Bookmark b) {
        if (b.removed()) {
          bookmarks.remove(b.id());
        } else {
          bookmarks.put(b.id(), b);
        }
      } else if (r instanceof SessionRecord.End e) {
        ended = true;
        endRecord = e.timestampNanos();
      }
    }

    void event(long ordinal, Event e) {
      if (e instanceof Hello || e instanceof Rules) {
        context.add(new Ordered<>(ordinal, e));
      }
      if (e instanceof Rules r) {
        Rules before = lastRules.put(r.node(), r);
        if (before != null) {
          marks.add(new Mark(r.timestampNanos(), Kind.RULES, r.node(), RuleDiff.describe(before, r)));
        }
        lag.rules(r);
      } else if (e instanceof Lost l) {
        marks.add(new Mark(l.timestampNanos(), Kind.LOSS, l.node(), l.count() + " lost ("
            + l.reason().replace('_', ' ') + ")"));
      }
      correlator.accept(e);
    }

    /** A change during the recording: applied, marked, and for endpoints, kube-proxy's lag. */
    void changed(SessionRecord.ClusterChange c) {
      Map<String, Set<String>> before = c.kind() == ChangeKind.ENDPOINT_SLICE
          || c.kind() == ChangeKind.SERVICE ? expected(c) : Map.of();
      PodInfo podBefore = c.kind() == ChangeKind.POD
          ? store.read(i -> i.pod(c.key())) : null;
      boolean serviceExisted = c.kind() == ChangeKind.SERVICE
          && store.read(i -> i.service(c.key())) != null;
      ClusterChanges.apply(c, store);
      String text = null;
      if (c.kind() == ChangeKind.POD) {
        text = ClusterChangeText.pod(c.key(), podBefore, (PodInfo) c.object());
      } else if (c.kind() == ChangeKind.SERVICE) {
        text = "service " + c.key() + (c.object() == null ? " removed"
            : serviceExisted ? " changed" : " added");
      }
      if (!before.isEmpty() || c.kind() == ChangeKind.ENDPOINT_SLICE) {
        Map<String, Set<String>> after = expected(c);
        for (Map.Entry<String, Set<String>> e : after.entrySet()) {
          Set<String> was = before.getOrDefault(e.getKey(), Set.of());
          if (!was.equals(e.getValue())) {
            String what = e.getKey() + " endpoints " + was.size() + " → " + e.getValue().size();
            marks.add(new Mark(c.timestampNanos(), Kind.CLUSTER, null, what));
            lag.apiChanged(e.getKey(), e.getValue(), c.timestampNanos(), what);
          }
        }
      }
      if (text != null) {
        marks.add(new Mark(c.timestampNanos(), Kind.CLUSTER, null, text));
      }
    }

    /** Per Service port ("ns/name:port" as kube-proxy names it), the endpoints it should use. */
    Map<String, Set<String>> expected(SessionRecord.ClusterChange c) {
      String ns = c.key().namespace();
      return store.read(i -> {
        Map<String, Set<String>> out = new HashMap<>();
        for (ServiceInfo svc : i.services()) {
          // A slice may move between Services: every Service of its namespace is compared.
          boolean concerned = c.kind() == ChangeKind.SERVICE ? svc.key().equals(c.key())
              : svc.namespace().equals(ns);
          if (!concerned || !svc.hasVirtualIp()) {
            continue;
          }
          List<ResolvedEndpoint> all = i.endpointsOf(svc);
          for (ServicePort p : svc.ports()) {
            out.put(svc.namespace() + "/" + svc.name()
                + (p.sliceName().isEmpty() ? "" : ":" + p.sliceName()), usable(all, p));
          }
        }
        return out;
      });
    }

    /** kube-proxy's choice: ready endpoints, or serving terminating ones when none is ready. */
    static Set<String> usable(List<ResolvedEndpoint> all, ServicePort p) {
      List<ResolvedEndpoint> mine = all.stream()
          .filter(e -> e.portName().equals(p.sliceName())).toList();
      List<ResolvedEndpoint> ready = mine.stream().filter(ResolvedEndpoint::ready).toList();
      List<ResolvedEndpoint> use = !ready.isEmpty() ? ready
          : mine.stream().filter(e -> e.terminating() && e.serving()).toList();
      return use.stream().map(e -> e.ip() + ":" + e.port())
          .collect(Collectors.toCollection(TreeSet::new));
    }

    void finish(SessionReader reader) {
      correlator.flush();
      damage = reader.damage();
      blocks = reader.blocks();
      extent = reader.extent();
      for (ProxyLag.Lag l : lag.lags()) {
        lags.add(new Lag(l.service(), l.node(), l.apiAtNanos(), l.followedAtNanos()));
        marks.add(new Mark(l.followedAtNanos() < 0 ? l.apiAtNanos() : l.followedAtNanos(),
            Kind.LAG, l.node(), LagText.describe(l)));
      }
    }
  }

  public Path path() {
    return path;
  }

  /** The first record (what was recorded, by what); null when the file had none. */
  public SessionRecord.Start start() {
    return start;
  }

  /** Where a damaged or cut file stopped; null when it was read to its end. */
  public String damage() {
    return damage;
  }

  /** Whether the recording was closed (has its end record). */
  public boolean ended() {
    return ended;
  }

  /**
   * Whether a record's time spans the timeline: changes during the recording and node events, not
   * the state at its start, a hello or a status line (their clocks are not the recording's).
   */
  public static boolean onTimeline(SessionRecord r) {
    if (r instanceof SessionRecord.ClusterChange c) {
      return !c.initial();
    }
    return r instanceof SessionRecord.EventRecord e && !(e.event() instanceof Hello)
        && !(e.event() instanceof dev.switchboard.capture.event.Status);
  }

  /** The timeline's zero: its first change or event (the recording's start when it has none). */
  public long startNanos() {
    return startNanos;
  }

  public long endNanos() {
    return endNanos;
  }

  public List<SessionReader.Block> blocks() {
    return blocks;
  }

  public List<Ordered<SessionRecord.ClusterChange>> clusterChanges() {
    return clusterChanges;
  }

  /** The nodes' hello and rules events, with their ordinals. */
  public List<Ordered<Event>> context() {
    return context;
  }

  /** Every connection, by start time. */
  public List<Connection> connections() {
    return connections;
  }

  public List<Mark> marks() {
    return marks;
  }

  /** Bookmarks as the file had them when it was read, by time. */
  public List<SessionRecord.Bookmark> bookmarks() {
    return bookmarks;
  }

  /** kube-proxy's lag behind each endpoint change, per node, by the API's time. */
  public List<Lag> lags() {
    return lags;
  }

  /** The file's good part, where new blocks (bookmarks) go. */
  public SessionReader.Extent extent() {
    return extent;
  }
}
