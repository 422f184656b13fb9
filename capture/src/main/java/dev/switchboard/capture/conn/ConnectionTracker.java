package dev.switchboard.capture.conn;

import dev.switchboard.capture.event.ConnectionClosed;
import dev.switchboard.capture.event.ConnectionOpened;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.event.Translated;
import dev.switchboard.capture.packet.Packet;
import dev.switchboard.capture.packet.Protocol;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Follows TCP connections from their SYN, SYN-ACK, FIN and RST packets (and ICMP unreachable
 * answers) and pairs the copies of a SYN seen before and after the node's NAT.
 *
 * <p>NAT pairing: DNAT and SNAT rewrite addresses and ports but never the client's initial
 * sequence number. A SYN whose sequence number matches one seen within {@link #PAIR_WINDOW_NS}
 * but whose 4-tuple differs is the same connection after translation: that pair is the
 * Translated event (the first copy is the pre-NAT one: ingress capture precedes PREROUTING, egress
 * capture follows POSTROUTING). A copy with the same tuple is the same packet seen on a second
 * interface, or — later than {@link #DUPLICATE_NS} — a retransmission.
 *
 * <p>Memory is bounded: at most {@code maxConnections} are tracked; the oldest is evicted (and
 * counted as lost) to make room. Single-threaded: fed in capture-time order by one thread.
 */
public final class ConnectionTracker {
  static final long PAIR_WINDOW_NS = 2_000_000_000L;
  static final long DUPLICATE_NS = 200_000_000L;

  private final String node;
  private final Consumer<Event> sink;
  private final long synTimeoutNanos;
  private final int maxConnections;
  private final LinkedHashMap<String, Connection> byId = new LinkedHashMap<>();
  private final Map<Tuple, Connection> byTuple = new HashMap<>();
  private final Map<Long, Connection> bySeq = new HashMap<>();
  /** Connections still waiting for a SYN-ACK, oldest first: all that a timeout check visits. */
  private final LinkedHashMap<String, Connection> unanswered = new LinkedHashMap<>();
  /** Closed, untranslated connections, for a conntrack entry that arrives after the close. */
  private final LinkedHashMap<Tuple, Connection> recentlyClosed = new LinkedHashMap<>();
  static final long LATE_CONNTRACK_NS = 5_000_000_000L;

  /** conntrack's word on flows whose SYN the capture has not shown yet (threads race). */
  private final LinkedHashMap<Tuple, ConntrackEntry> conntrackAhead = new LinkedHashMap<>();
  private long nextId;
  private long evicted;
  private long evictedFrom;

  public ConnectionTracker(String node, Consumer<Event> sink, long synTimeoutNanos,
      int maxConnections) {
    this.node = node;
    this.sink = sink;
    this.synTimeoutNanos = synTimeoutNanos;
    this.maxConnections = maxConnections;
  }

  public int open() {
    return byId.size();
  }

  public void accept(Packet p) {
    if (p.protocol() == Protocol.ICMP) {
      if (p.unreachable() && p.inner() != null && p.inner().protocol() == Protocol.TCP) {
        Connection c = byTuple.get(Tuple.forward(p.inner()));
        if (c != null && !c.established()) {
          close(c, "rejected", p.timestampNanos());
        }
      }
      return;
    }
    if (p.protocol() != Protocol.TCP) {
      return;
    }
    if (p.syn()) {
      syn(p);
    } else if (p.synAck()) {
      Connection c = byTuple.get(Tuple.reverse(p));
      if (c != null && c.synAckNanos < 0) {
        c.synAckNanos = p.timestampNanos();
        unanswered.remove(c.id);
      }
    } else if (p.rst()) {
      Connection c = byTuple.get(Tuple.reverse(p));
      boolean fromServer = c != null;
      if (c == null) {
        c = byTuple.get(Tuple.forward(p));
      }
      if (c != null) {
        close(c, !c.established() && fromServer ? "refused" : "reset", p.timestampNanos());
      }
    } else if (p.fin()) {
      Connection c = byTuple.get(Tuple.forward(p));
      if (c != null) {
        c.clientFin = true;
      } else if ((c = byTuple.get(Tuple.reverse(p))) != null) {
        c.serverFin = true;
      }
      if (c != null && c.clientFin && c.serverFin) {
        close(c, "closed", p.timestampNanos());
      }
    }
  }

  private void syn(Packet p) {
    Tuple t = Tuple.forward(p);
    long ts = p.timestampNanos();
    Connection prior = bySeq.get(p.seq());
    if (prior != null && ts - prior.openedNanos <= PAIR_WINDOW_NS && byId.containsKey(prior.id)) {
      if (prior.original.equals(t) || t.equals(prior.translated)) {
        if (ts - prior.lastSynNanos > DUPLICATE_NS) {
          prior.synRetransmits++;
        }
        prior.lastSynNanos = ts;
        return;
      }
      if (prior.translated == null) {
        prior.translated = t;
        byTuple.put(t, prior);
        sink.accept(new Translated(ts, node, prior.id, "TCP", prior.original.client(),
            prior.original.server(), t.client(), t.server(), "capture",
            prior.firstInterface + " → " + p.interfaceName()));
        return;
      }
    }
    Connection existing = byTuple.get(t);
    if (existing != null) {
      close(existing, existing.established() ? "reset" : "timed_out", ts); // port reused
    }
    makeRoom(ts);
    Connection c = new Connection(node + "-" + Long.toString(++nextId, 36), p.seq(), t,
        p.interfaceName(), ts);
    byId.put(c.id, c);
    unanswered.put(c.id, c);
    byTuple.put(t, c);
    bySeq.put(p.seq(), c);
    sink.accept(new ConnectionOpened(ts, node, c.id, "TCP", t.client(), t.server(),
        p.interfaceName()));
    ConntrackEntry ahead = conntrackAhead.remove(t);
    if (ahead != null) {
      conntrack(ahead, ts);
    }
  }

  /**
   * The kernel's conntrack entry for a flow: a second source for its translation, used when the
   * capture saw the SYN on one side of NAT only: before it (only the client's interface is
   * captured), or after it (the connection started on the node itself, or in a hostNetwork pod:
   * kube-proxy's OUTPUT chain translates it before any interface sees it).
   */
  public void conntrack(ConntrackEntry e, long nowNanos) {
    if (!e.protocol().equals("TCP") || !e.translated()) {
      return;
    }
    Tuple original = new Tuple(e.originalSource().ip(), e.originalSource().port(),
        e.originalDestination().ip(), e.originalDestination().port());
    Tuple after = new Tuple(e.translatedClient().ip(), e.translatedClient().port(),
        e.translatedDestination().ip(), e.translatedDestination().port());
    Connection c = seenAs(original);
    if (c == null) {
      c = seenAs(after);
    }
    if (c == null) {
      ahead(original, e);
      ahead(after, e);
      return;
    }
    if (c.translated != null || !(c.original.equals(original) || c.original.equals(after))) {
      return;
    }
    c.translated = after;
    if (byId.containsKey(c.id)) {
      byTuple.put(after, c);
    }
    // conntrack's original tuple: the address dialled, even when the capture saw only the one after
    sink.accept(new Translated(e.timestampNanos() > 0 ? e.timestampNanos() : nowNanos, node, c.id,
        "TCP", original.client(), original.server(), after.client(), after.server(),
        "conntrack", "conntrack"));
  }

  /** The connection the capture opened with this tuple, open or recently closed. */
  private Connection seenAs(Tuple t) {
    Connection c = byTuple.get(t);
    return c != null ? c : recentlyClosed.remove(t);
  }

  private void ahead(Tuple t, ConntrackEntry e) {
    conntrackAhead.put(t, e);
    if (conntrackAhead.size() > 4096) {
      conntrackAhead.remove(conntrackAhead.keySet().iterator().next());
    }
  }

  private void makeRoom(long ts) {
    while (byId.size() >= maxConnections) {
      Connection oldest = byId.values().iterator().next();
      if (evicted == 0) {
        evictedFrom = ts;
      }
      evicted++;
      close(oldest, "evicted", ts);
    }
  }

  private void close(Connection c, String outcome, long ts) {
    if (c.translated == null) {
      c.closedNanos = ts;
      recentlyClosed.put(c.original, c);
      if (recentlyClosed.size() > 4096) {
        recentlyClosed.remove(recentlyClosed.keySet().iterator().next());
      }
    }
    byId.remove(c.id);
    unanswered.remove(c.id);
    byTuple.remove(c.original, c);
    if (c.translated != null) {
      byTuple.remove(c.translated, c);
    }
    bySeq.remove(c.seq, c);
    sink.accept(new ConnectionClosed(ts, node, c.id, "TCP", c.original.client(),
        c.original.server(), outcome, c.established() ? c.synAckNanos - c.openedNanos : -1,
        ts - c.openedNanos, c.synRetransmits));
  }

  /** Times out SYNs nobody answered; reports evictions. Call with the capture clock. */
  public void tick(long nowNanos) {
    Iterator<Connection> it = unanswered.values().iterator();
    java.util.List<Connection> expired = new java.util.ArrayList<>();
    while (it.hasNext()) {
      Connection c = it.next();
      if (nowNanos - c.openedNanos < synTimeoutNanos) {
        break; // insertion order is open order: the rest are younger
      }
      if (nowNanos - c.lastSynNanos >= synTimeoutNanos) {
        expired.add(c);
      }
    }
    for (Connection c : expired) {
      close(c, "timed_out", c.lastSynNanos + synTimeoutNanos);
    }
    recentlyClosed.values().removeIf(c -> nowNanos - c.closedNanos > LATE_CONNTRACK_NS);
    if (evicted > 0) {
      sink.accept(new Lost(nowNanos, node, "table_full", evicted, evictedFrom, nowNanos));
      evicted = 0;
    }
  }

  /**
   * The end of a recording: what timed out within it is timed out; every connection still open
   * (or still waiting for an answer) is reported as "unfinished" at the recording's last moment.
   */
  public void flush(long endNanos) {
    tick(endNanos);
    for (Connection c : java.util.List.copyOf(byId.values())) {
      close(c, "unfinished", endNanos);
    }
  }
}
