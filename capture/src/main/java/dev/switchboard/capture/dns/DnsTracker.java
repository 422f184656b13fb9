package dev.switchboard.capture.dns;

import dev.switchboard.capture.event.DnsAttempt;
import dev.switchboard.capture.event.DnsLookup;
import dev.switchboard.capture.event.Endpoint;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.packet.Packet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns DNS queries and responses into lookups. A stub resolver with {@code ndots:5} and a
 * search path sends, for one name a program asked for, a walk of queries — each search suffix,
 * A and AAAA, NXDOMAIN after NXDOMAIN — before one answers. Queries from one client whose names
 * start with the same first label, each within {@link #chainGapNanos} of the previous activity,
 * are one lookup. The walk stops at the first name that is answered: afterwards only that name
 * (its other record type: many resolvers ask AAAA only once A is answered) continues the lookup,
 * and another name starts a new one. The lookup ends when A and AAAA of the answered name are
 * both in, when {@link #SETTLE_NS} passes with nothing outstanding, or when the walk goes quiet. Two copies of a query (before and after the DNS Service's DNAT) show which server
 * pod answered. Bounded: at most {@link #MAX_PENDING} queries and lookups are kept. Single-threaded.
 */
public final class DnsTracker {
  static final int MAX_PENDING = 65_536;
  /**
   * How long an answered lookup waits for its other record type. A resolver that asks AAAA only
   * once A is answered can be kept off the CPU for tens of milliseconds on a busy node (the
   * scheduler's latency under contention), and a lookup ended before its AAAA comes would split
   * in two; a quarter second covers that and stays well inside the correlator's hold.
   */
  static final long SETTLE_NS = 250_000_000L;
  /** A query the recording ended before any answer to (not a timeout: nobody waited it out). */
  static final String UNANSWERED = "UNANSWERED";

  private record QueryKey(String client, int port, int id) {}

  private record ChainKey(String client, String firstLabel) {}

  private static final class Query {
    final String name;
    final int type;
    final long sentNanos;
    final Endpoint server;
    final Chain chain;

    Query(String name, int type, long sentNanos, Endpoint server, Chain chain) {
      this.name = name;
      this.type = type;
      this.sentNanos = sentNanos;
      this.server = server;
      this.chain = chain;
    }
  }

  private static final class Chain {
    final ChainKey key;
    final Endpoint client;
    final Endpoint server;
    final String iface;
    final long firstNanos;
    Endpoint answeredBy;
    long lastNanos;
    int outstanding;
    String answeredName;
    final Set<String> addresses = new LinkedHashSet<>();
    final Set<String> cnames = new LinkedHashSet<>();
    final List<DnsAttempt> attempts = new ArrayList<>();

    Chain(ChainKey key, Endpoint client, Endpoint server, String iface, long firstNanos) {
      this.key = key;
      this.client = client;
      this.server = server;
      this.iface = iface;
      this.firstNanos = firstNanos;
      this.lastNanos = firstNanos;
    }
  }

  private final String node;
  private final Consumer<Event> sink;
  private final long timeoutNanos;
  private final long chainGapNanos;
  private final Map<QueryKey, Query> pending = new LinkedHashMap<>();
  private final Map<ChainKey, Chain> chains = new HashMap<>();
  private long dropped;
  private long queries;
  private long responses;

  public DnsTracker(String node, Consumer<Event> sink, long timeoutNanos, long chainGapNanos) {
    this.node = node;
    this.sink = sink;
    this.timeoutNanos = timeoutNanos;
    this.chainGapNanos = chainGapNanos;
  }

  /** Distinct queries seen (each once, however many copies the capture saw). */
  public long queryCount() {
    return queries;
  }

  /** Queries whose response was seen. */
  public long responseCount() {
    return responses;
  }

  /** Lookups and queries dropped because the tables were full. */
  public long dropped() {
    return dropped;
  }

  public void accept(Packet p, DnsMessage m) {
    DnsQuestion q = m.question();
    if (q == null || m.opcode() != 0) {
      return;
    }
    if (!m.response()) {
      query(p, m, q);
    } else {
      response(p, m, q);
    }
  }

  private void query(Packet p, DnsMessage m, DnsQuestion q) {
    QueryKey key = new QueryKey(p.src(), p.srcPort(), m.id());
    Endpoint dst = new Endpoint(p.dst(), p.dstPort());
    Query known = pending.get(key);
    if (known != null) {
      if (!known.server.equals(dst) && known.chain.answeredBy == null) {
        known.chain.answeredBy = dst; // the same query after the DNS Service's DNAT
      }
      return;
    }
    if (pending.size() >= MAX_PENDING) {
      dropped++;
      return;
    }
    long ts = p.timestampNanos();
    ChainKey ck = new ChainKey(p.src(), firstLabel(q.name()));
    Chain chain = chains.get(ck);
    // After the answer, only the other record type of the answered name continues the lookup:
    // another name, or the same question again, is the program's next lookup.
    boolean next = chain != null && chain.answeredName != null
        && (!chain.answeredName.equals(q.name()) || asked(chain, q));
    if (chain == null || next || ts - chain.lastNanos > chainGapNanos) {
      if (chain != null) {
        finish(chain);
      }
      chain = new Chain(ck, new Endpoint(p.src(), p.srcPort()), dst, p.interfaceName(), ts);
      chains.put(ck, chain);
    }
    chain.outstanding++;
    chain.lastNanos = ts;
    pending.put(key, new Query(q.name(), q.type(), ts, dst, chain));
    this.queries++;
  }

  private void response(Packet p, DnsMessage m, DnsQuestion q) {
    Query query = pending.remove(new QueryKey(p.dst(), p.dstPort(), m.id()));
    if (query == null) {
      return; // the second copy of a response, or one for a query before the capture started
    }
    responses++;
    Chain chain = query.chain;
    chain.outstanding--;
    chain.lastNanos = p.timestampNanos();
    List<String> answers = new ArrayList<>();
    for (var r : m.answers()) {
      if (r.type() == DnsType.A || r.type() == DnsType.AAAA) {
        answers.add(r.data());
      } else if (r.type() == DnsType.CNAME) {
        chain.cnames.add(r.data());
      }
    }
    chain.attempts.add(new DnsAttempt(query.name, DnsType.typeName(query.type),
        DnsType.rcodeName(m.rcode()), List.copyOf(answers)));
    if (!answers.isEmpty()) {
      chain.answeredName = query.name;
      chain.addresses.addAll(answers);
    }
    if (chain.answeredName != null && chain.outstanding == 0 && bothTypes(chain)) {
      finish(chain);
    }
  }

  private static boolean asked(Chain c, DnsQuestion q) {
    String type = DnsType.typeName(q.type());
    for (DnsAttempt a : c.attempts) {
      if (a.name().equals(q.name()) && a.type().equals(type)) {
        return true;
      }
    }
    return false;
  }

  private static boolean bothTypes(Chain c) {
    boolean a = false;
    boolean aaaa = false;
    for (DnsAttempt at : c.attempts) {
      if (at.name().equals(c.answeredName)) {
        a |= at.type().equals("A");
        aaaa |= at.type().equals("AAAA");
      }
    }
    return a && aaaa;
  }

  private void finish(Chain c) {
    chains.remove(c.key, c);
    String outcome;
    String name;
    if (c.answeredName != null) {
      outcome = "answered";
      name = c.answeredName;
    } else {
      DnsAttempt last = c.attempts.isEmpty() ? null : c.attempts.get(c.attempts.size() - 1);
      name = last == null ? c.key.firstLabel() : last.name();
      outcome = c.attempts.stream().anyMatch(a -> a.rcode().equals(UNANSWERED)) ? "unanswered"
          : c.attempts.stream().allMatch(a -> a.rcode().equals("TIMEOUT")) ? "timeout"
          : c.attempts.stream().anyMatch(a -> a.rcode().equals("NXDOMAIN")) ? "nxdomain"
          : c.attempts.stream().allMatch(a -> a.rcode().equals("NOERROR")) ? "no_data" : "error";
    }
    sink.accept(new DnsLookup(c.firstNanos, node, c.client, c.server, c.answeredBy, name, outcome,
        List.copyOf(c.addresses), List.copyOf(c.cnames), List.copyOf(c.attempts),
        c.lastNanos - c.firstNanos, c.iface));
  }

  /** Times out unanswered queries and ends walks that went quiet. Capture clock. */
  public void tick(long nowNanos) {
    Iterator<Query> it = pending.values().iterator();
    while (it.hasNext()) {
      Query q = it.next();
      if (nowNanos - q.sentNanos < timeoutNanos) {
        break; // insertion order: the rest are younger
      }
      it.remove();
      q.chain.outstanding--;
      q.chain.attempts.add(new DnsAttempt(q.name, DnsType.typeName(q.type), "TIMEOUT", List.of()));
      q.chain.lastNanos = Math.max(q.chain.lastNanos, q.sentNanos + timeoutNanos);
    }
    for (Chain c : List.copyOf(chains.values())) {
      long quiet = nowNanos - c.lastNanos;
      if (c.outstanding <= 0 && (quiet > chainGapNanos || (c.answeredName != null && quiet > SETTLE_NS))) {
        finish(c);
      }
    }
  }

  /**
   * The end of a recording: what timed out within it is timed out; a query still waiting is
   * "UNANSWERED" (the recording ended first), and every lookup is finished and reported.
   */
  public void flush(long endNanos) {
    tick(endNanos);
    for (Query q : pending.values()) {
      q.chain.outstanding--;
      q.chain.attempts.add(new DnsAttempt(q.name, DnsType.typeName(q.type), UNANSWERED, List.of()));
    }
    pending.clear();
    for (Chain c : List.copyOf(chains.values())) {
      finish(c);
    }
  }

  private static String firstLabel(String name) {
    int dot = name.indexOf('.');
    return dot < 0 ? name : name.substring(0, dot);
  }
}
