package dev.switchboard.app.export;

import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.trace.DnsStage;
import dev.switchboard.app.trace.Peer;
import dev.switchboard.app.trace.ServiceStage;
import dev.switchboard.capture.packet.Packet;
import dev.switchboard.capture.packet.Protocol;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which trace, and which stage of it, a captured packet belongs to, in words for a packet comment:
 * the DNS lookup, the SYN to the VIP (before DNAT), the same connection after DNAT to the backend,
 * the answers, an ICMP error answering the SYN. A packet is matched by its addresses and ports in
 * either direction, to the latest connection on them that had started by then (ports are
 * reused); DNS by the client's address and the lookup's time. Built once from a session's traces;
 * immutable after that, any thread.
 */
final class PacketNotes {
  /** A packet's trace and what it was in it; traceId null when no traced connection had it. */
  record Note(String traceId, String text) {}

  private enum Leg { BEFORE_DNAT, AFTER_DNAT }

  private record Use(ConnectionTrace trace, Leg leg, boolean forward) {}

  private record Lookup(ConnectionTrace trace, long from, long to) {}

  /** A connection's packets may be stamped a little before the SYN the trace starts from. */
  private static final long SLACK_NANOS = 1_000_000_000L;
  private static final long DNS_SLACK_NANOS = 5_000_000L;
  static final Note UNTRACED = new Note(null, "no traced connection");

  private final Map<String, List<Use>> byTuple = new HashMap<>();
  private final Map<String, List<Lookup>> lookupsByClient = new HashMap<>();

  PacketNotes(List<ConnectionTrace> traces) {
    for (ConnectionTrace t : traces) {
      Peer client = t.client();
      Peer dialled = t.dialled();
      if (client == null || dialled == null) {
        continue;
      }
      add(client, dialled, new Use(t, Leg.BEFORE_DNAT, true));
      add(dialled, client, new Use(t, Leg.BEFORE_DNAT, false));
      Peer backend = t.backend() == null ? null : t.backend().target();
      Peer from = t.snat() != null ? t.snat() : client;
      if (backend != null && backend.ip() != null
          && !(key(from, backend).equals(key(client, dialled)))) {
        add(from, backend, new Use(t, Leg.AFTER_DNAT, true));
        add(backend, from, new Use(t, Leg.AFTER_DNAT, false));
      }
      DnsStage dns = t.dns();
      if (dns != null && dns.askedAtNanos() > 0) {
        lookupsByClient.computeIfAbsent(client.ip(), k -> new ArrayList<>()).add(new Lookup(t,
            dns.askedAtNanos() - DNS_SLACK_NANOS,
            dns.askedAtNanos() + Math.max(0, dns.latencyNanos()) + DNS_SLACK_NANOS));
      }
    }
    Comparator<Use> byStart = Comparator.comparingLong(u -> u.trace().startedAtNanos());
    byTuple.values().forEach(l -> l.sort(byStart));
    lookupsByClient.values().forEach(l -> l.sort(Comparator.comparingLong(Lookup::from)));
  }

  private void add(Peer src, Peer dst, Use use) {
    byTuple.computeIfAbsent(key(src, dst), k -> new ArrayList<>()).add(use);
  }

  private static String key(Peer src, Peer dst) {
    return key(src.ip(), src.port(), dst.ip(), dst.port());
  }

  private static String key(String srcIp, int srcPort, String dstIp, int dstPort) {
    return srcIp + ":" + srcPort + ">" + dstIp + ":" + dstPort;
  }

  /** The note for a decoded packet. */
  Note of(Packet p) {
    if (p.srcPort() == 53 || p.dstPort() == 53) {
      Note dns = dns(p);
      if (dns != null) {
        return dns;
      }
    }
    if (p.protocol() == Protocol.ICMP) {
      Packet quoted = p.inner();
      if (p.unreachable() && quoted != null) {
        Use u = use(quoted.src(), quoted.srcPort(), quoted.dst(), quoted.dstPort(),
            p.timestampNanos());
        if (u != null) {
          return note(u.trace(), "ICMP unreachable answering its SYN to "
              + (u.leg() == Leg.BEFORE_DNAT ? dialled(u.trace()) : backend(u.trace()))
              + ("rejected".equals(u.trace().outcome()) ? ": rejected" : ""));
        }
      }
      return UNTRACED;
    }
    Use u = use(p.src(), p.srcPort(), p.dst(), p.dstPort(), p.timestampNanos());
    if (u == null) {
      return UNTRACED;
    }
    String flags = flags(p);
    ConnectionTrace t = u.trace();
    if (u.leg() == Leg.BEFORE_DNAT) {
      return note(t, u.forward() ? (p.syn() ? "SYN to " + dialled(t)
          : flags + " to " + dialled(t) + " (before DNAT)")
          : flags + " from " + dialled(t) + (p.rst() && isRefused(t) ? ": refused" : ""));
    }
    return note(t, u.forward() ? "after DNAT → " + backend(t) + ": " + flags
        : flags + " from the backend " + backend(t));
  }

  private static boolean isRefused(ConnectionTrace t) {
    return "refused".equals(t.outcome());
  }

  private Use use(String srcIp, int srcPort, String dstIp, int dstPort, long ts) {
    List<Use> uses = byTuple.get(key(srcIp, srcPort, dstIp, dstPort));
    if (uses == null) {
      return null;
    }
    Use found = null;
    for (Use u : uses) {
      if (u.trace().startedAtNanos() <= ts + SLACK_NANOS) {
        found = u;
      }
    }
    return found;
  }

  private Note dns(Packet p) {
    String client = p.dstPort() == 53 ? p.src() : p.dst();
    List<Lookup> lookups = lookupsByClient.get(client);
    if (lookups == null) {
      return null;
    }
    for (Lookup l : lookups) {
      if (p.timestampNanos() >= l.from() && p.timestampNanos() <= l.to()) {
        return note(l.trace(), "DNS lookup of " + l.trace().dns().name()
            + (p.dstPort() == 53 ? " (query)" : " (answer)"));
      }
    }
    return null;
  }

  private static Note note(ConnectionTrace t, String text) {
    return new Note(t.id(), "trace " + t.id() + ": " + text);
  }

  private static String flags(Packet p) {
    if (p.protocol() != Protocol.TCP) {
      return p.protocol().name();
    }
    if (p.synAck()) {
      return "SYN-ACK";
    }
    if (p.syn()) {
      return "SYN";
    }
    if (p.rst()) {
      return "RST";
    }
    return p.fin() ? "FIN" : "ACK";
  }

  /** "VIP 10.96.3.7:80 (shop/api)", "NodePort 10.250.1.2:30080 (demo/web-np)", "10.244.1.5:80". */
  private static String dialled(ConnectionTrace t) {
    Peer d = t.dialled();
    ServiceStage s = t.service();
    String at = d.ip() + ":" + d.port();
    if (s == null) {
      return at;
    }
    String kind = switch (s.via() == null ? "" : s.via()) {
      case "nodePort" -> "NodePort ";
      case "loadBalancer" -> "load-balancer IP ";
      case "externalIP" -> "external IP ";
      default -> "VIP ";
    };
    return kind + at + " (" + s.namespace() + "/" + s.name() + ")";
  }

  /** "shop/api-2 10.244.0.32:8080", or the address alone when no pod is known. */
  private static String backend(ConnectionTrace t) {
    Peer b = t.backend().target();
    return (b.podName() == null ? "" : b.podNamespace() + "/" + b.podName() + " ") + b.ip() + ":"
        + b.port();
  }
}
