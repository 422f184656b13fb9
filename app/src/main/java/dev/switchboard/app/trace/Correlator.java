package dev.switchboard.app.trace;

import dev.switchboard.capture.event.ConnectionClosed;
import dev.switchboard.capture.event.ConnectionOpened;
import dev.switchboard.capture.event.DnsLookup;
import dev.switchboard.capture.event.Endpoint;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Hello;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.event.Rules;
import dev.switchboard.capture.event.Translated;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns the sidecars' events into one {@link ConnectionTrace} per connection. Views of the same
 * connection from two nodes (the client's node translated it, the backend's node saw it arrive)
 * become one trace. A finished connection is held for {@code holdNanos} of event time so that
 * late parts (the DNS lookup event, a conntrack entry, the other node's view) still join it.
 * Owned by the correlation thread; not thread-safe. Never sees JavaFX or Kubernetes-client types.
 */
public final class Correlator {
  /** Views of one connection from two nodes start within this of each other. */
  static final long SAME_CONNECTION_NANOS = 5_000_000_000L;
  private static final int MAX_OPEN = 200_000;
  /** How long an ended, untranslated connection waits for another node's view before it is shown. */
  static final long END_PREVIEW_NANOS = 100_000_000L;
  private static final int MAX_FINISHED_IDS = 65_536;

  /** Marks an event that arrived after its connection was emitted. */
  private static final PendingConnection LATE = new PendingConnection("", "", "", "", 0);

  private final TraceAssembler assembler;
  private final DnsMemory dns = new DnsMemory();
  private final RuleBook rules = new RuleBook();
  private final Map<String, String> proxyNotes = new HashMap<>();
  private final Map<String, Long> incarnations = new HashMap<>();
  private long reusedIds;
  private Consumer<ConnectionTrace> out;
  private final long holdNanos;
  private final CorrelatorStats stats = new CorrelatorStats();

  private final Map<String, PendingConnection> byKey = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, PendingConnection> eldest) {
      if (size() <= MAX_OPEN) {
        return false;
      }
      stats.evictedUnfinished++;
      forget(eldest.getValue());
      return true;
    }
  };
  private final Map<String, PendingConnection> byWire = new HashMap<>();
  private final ArrayDeque<PendingConnection> finished = new ArrayDeque<>();
  private final ArrayDeque<PendingConnection> endPreviews = new ArrayDeque<>();
  private final Set<String> emittedKeys = new LinkedHashSet<>();
  /** Trace ids given out lately, so a reused sidecar id still makes a distinct trace id. */
  private final Set<String> shownIds = new LinkedHashSet<>();
  private long watermarkNanos = Long.MIN_VALUE;
  private Consumer<ConnectionTrace> progress;

  /**
   * How long a connection waits for the rest of its observations (another node's, conntrack's)
   * after it closed: what the window, {@code trace}, sessions and exports all use.
   */
  public static final long HOLD_NANOS = 1_000_000_000L;

  public Correlator(ClusterLookups cluster, long holdNanos, Consumer<ConnectionTrace> out) {
    this.assembler = new TraceAssembler(cluster, dns, rules, proxyNotes);
    this.holdNanos = holdNanos;
    this.out = out;
  }

  /**
   * Also hands over each connection's trace so far the moment its translation is seen (outcome
   * "open"), or its end when no translation came first, so a picture can show it at once; the
   * finished trace, with every late part, follows after the hold.
   */
  public void onProgress(Consumer<ConnectionTrace> progress) {
    this.progress = progress;
  }

  /** Where finished traces go from now on (a player lists the past apart from what it plays). */
  public void onFinished(Consumer<ConnectionTrace> out) {
    this.out = out;
  }

  public CorrelatorStats stats() {
    return stats;
  }

  /**
   * Takes one event from any node, in each node's stream order. An event it cannot use is counted
   * as lost ("uncorrelated") rather than thrown at the thread every connection depends on.
   */
  public void accept(Event e) {
    try {
      take(e);
    } catch (RuntimeException bug) {
      stats.lost(String.valueOf(e.node()), "uncorrelated", 1);
    }
  }

  private void take(Event e) {
    stats.events++;
    if (e instanceof ConnectionOpened o) {
      opened(o);
    } else if (e instanceof Translated t) {
      translated(t);
    } else if (e instanceof ConnectionClosed c) {
      closed(c);
    } else if (e instanceof DnsLookup d) {
      dns.remember(d);
    } else if (e instanceof Rules r) {
      rules.update(r);
    } else if (e instanceof Hello h) {
      proxyNotes.put(h.node(), h.proxyMode().equals("none") ? h.proxyNote() : null);
      incarnations.put(h.node(), h.timestampNanos());
    } else if (e instanceof Lost l) {
      stats.lost(l.node(), l.reason(), l.count());
    }
    advanceTo(e.timestampNanos());
  }

  /** Moves event time forward (a live link calls this on a clock when streams are quiet). */
  public void advanceTo(long nanos) {
    watermarkNanos = Math.max(watermarkNanos, nanos);
    while (!endPreviews.isEmpty()
        && endPreviews.peekFirst().closedAtNanos + END_PREVIEW_NANOS <= watermarkNanos) {
      PendingConnection p = endPreviews.pollFirst();
      if (!p.previewed && !p.merged) {
        p.previewed = true;
        progress.accept(assembler.preview(p));
      }
    }
    while (!finished.isEmpty()
        && finished.peekFirst().closedAtNanos + holdNanos <= watermarkNanos) {
      emit(finished.pollFirst());
    }
  }

  /** Emits every finished connection now (end of a replay or a timed run). */
  public void flush() {
    endPreviews.clear();
    while (!finished.isEmpty()) {
      emit(finished.pollFirst());
    }
    stats.unfinished = (int) byKey.values().stream().filter(p -> p.closed == null).count();
  }

  private void opened(ConnectionOpened o) {
    String key = key(o.node(), o.id());
    String wire = wire(o.client(), o.destination(), o.protocol());
    PendingConnection seen = byWire.get(wire);
    if (seen != null && !seen.nodes.contains(o.node())
        && Math.abs(seen.startedAtNanos() - o.timestampNanos()) < SAME_CONNECTION_NANOS) {
      join(seen, o.node(), key);
      return;
    }
    PendingConnection before = byKey.get(key);
    if (before != null && before.closed == null) {
      // The id opened again before its connection ended: that one will never end here.
      stats.evictedUnfinished++;
      forget(before);
    }
    PendingConnection p = pending(o.node(), key, o.protocol(), o.timestampNanos());
    p.opened = o;
    seenOnWire(p, wire);
  }

  private void translated(Translated t) {
    String key = key(t.node(), t.id());
    PendingConnection p = later(key);
    if (p == LATE) {
      return;
    }
    if (p == null) {
      p = pending(t.node(), key, t.protocol(), t.timestampNanos());
    }
    if (p.translated == null || "conntrack".equals(p.translated.source())) {
      p.translated = t;
    }
    String wire = wire(t.translatedClient(), t.translatedDestination(), t.protocol());
    PendingConnection other = byWire.get(wire);
    if (other != null && other != p && !other.merged && !other.nodes.contains(t.node())
        && Math.abs(other.startedAtNanos() - p.startedAtNanos()) < SAME_CONNECTION_NANOS) {
      p.absorb(other);
      for (String k : other.keys) {
        byKey.put(k, p);
      }
      for (String w : other.wires) {
        byWire.put(w, p);
      }
      stats.mergedAcrossNodes++;
      queueIfClosed(p);
    }
    seenOnWire(p, wire);
    // Shown at once, even when already closed: the backend's node may have reported the whole
    // (short) connection before the client's node reported its translation.
    if (progress != null && !p.previewed && p.opened != null) {
      p.previewed = true;
      progress.accept(assembler.preview(p));
    }
  }

  private void closed(ConnectionClosed c) {
    String key = key(c.node(), c.id());
    PendingConnection p = later(key);
    if (p == LATE) {
      return;
    }
    if (p == null) {
      p = pending(c.node(), key, c.protocol(), c.timestampNanos());
      p.sawOnly(c.client(), c.destination());
      stats.openNotSeen++;
    }
    boolean firstView = p.keys.get(0).equals(key);
    if (p.closed == null || firstView) {
      p.closed = c;
    }
    if (p.closedAtNanos < 0) {
      p.closedAtNanos = c.timestampNanos();
    }
    queueIfClosed(p);
    if (progress != null && !p.previewed) {
      // Ended without a translation seen (REJECT, a direct call): show it soon, not after the
      // hold — but not before another node's view of it has had a moment to join it.
      endPreviews.addLast(p);
    }
  }

  /**
   * The connection a later event (translation, close) belongs to; null when none is known yet;
   * {@link #LATE} (counted) when it was already emitted.
   */
  private PendingConnection later(String key) {
    PendingConnection p = byKey.get(key);
    if (p == null && emittedKeys.contains(key)) {
      stats.late++;
      return LATE;
    }
    return p;
  }

  private void queueIfClosed(PendingConnection p) {
    if (p.closedAtNanos >= 0 && !p.queued) {
      p.queued = true;
      finished.addLast(p);
    }
  }

  private void seenOnWire(PendingConnection p, String wire) {
    if (byWire.put(wire, p) != p) {
      p.wires.add(wire);
    }
  }

  private PendingConnection pending(String node, String key, String protocol, long at) {
    // An id seen before (a sidecar reusing it, or a stream replayed) still names one trace each.
    String shown = displayId(key);
    String traceId = shownIds.add(shown) ? shown : shown + "#" + (++reusedIds);
    trim(shownIds);
    PendingConnection p = new PendingConnection(node, key, traceId, protocol, at);
    byKey.put(key, p);
    return p;
  }

  private void join(PendingConnection p, String node, String key) {
    p.nodes.add(node);
    p.keys.add(key);
    byKey.put(key, p);
    stats.mergedAcrossNodes++;
  }

  private void emit(PendingConnection p) {
    if (p.merged) {
      return;
    }
    for (String k : p.keys) {
      byKey.remove(k, p);
      emittedKeys.add(k);
    }
    trim(emittedKeys);
    forget(p);
    stats.traces++;
    out.accept(assembler.assemble(p));
  }

  private void forget(PendingConnection p) {
    for (String w : p.wires) {
      byWire.remove(w, p);
    }
  }

  private static void trim(Set<String> recent) {
    Iterator<String> it = recent.iterator();
    while (recent.size() > MAX_FINISHED_IDS && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  /**
   * A connection's key: node, the sidecar's incarnation (its hello's time — a restarted sidecar
   * numbers its connections from 1 again) and the sidecar's id.
   */
  private String key(String node, String id) {
    return node + "@" + incarnations.getOrDefault(node, 0L) + "/" + id;
  }

  private static String displayId(String key) {
    int at = key.indexOf('@');
    return key.substring(0, at) + key.substring(key.indexOf('/', at));
  }

  private static String wire(Endpoint client, Endpoint dst, String protocol) {
    return protocol + " " + client + " " + dst;
  }
}
