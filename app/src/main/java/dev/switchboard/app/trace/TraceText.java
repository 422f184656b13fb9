package dev.switchboard.app.trace;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A connection trace in words, a stage per line, each marked with how it is known: the flow
 * table's cells, the connection inspector and walkthrough reports. Pure; any thread.
 */
public final class TraceText {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
      .withZone(ZoneId.systemDefault());

  private TraceText() {}

  public static String time(ConnectionTrace t) {
    return TIME.format(Instant.ofEpochSecond(0, t.startedAtNanos()));
  }

  public static String peer(Peer p) {
    String who = p.podName() != null ? p.podNamespace() + "/" + p.podName()
        : p.node() != null ? "node " + p.node() : null;
    return p.ip() + ":" + p.port() + (who == null ? "" : " (" + who + ")");
  }

  public static String client(ConnectionTrace t) {
    Peer c = t.client();
    return c.podName() != null ? c.podNamespace() + "/" + c.podName() : c.ip();
  }

  public static String service(ConnectionTrace t) {
    return t.service() == null ? "—" : t.service().namespace() + "/" + t.service().name()
        + (t.nodePort() > 0 ? " :" + t.nodePort() : "");
  }

  public static String backend(ConnectionTrace t) {
    Peer b = t.backend().target();
    if (b == null) {
      return "? (" + t.backend().evidence().word() + ")";
    }
    return (b.podName() != null ? b.podName() : b.ip()) + ":" + b.port();
  }

  public static String chance(ConnectionTrace t) {
    return t.decision() == null || t.decision().probability() < 0 ? ""
        : String.format(Locale.ROOT, "%.0f %%", t.decision().probability() * 100);
  }

  /** One mark per stage: DNS, Service, DNAT decision, backend (see {@link Evidence#mark}). */
  public static String evidence(ConnectionTrace t) {
    return String.join(" ", Evidence.mark(t.dns() == null ? null : t.dns().evidence()),
        Evidence.mark(t.service() == null ? null : t.service().evidence()),
        Evidence.mark(t.decision() == null ? null : t.decision().evidence()),
        Evidence.mark(t.backend().evidence()));
  }

  /** The same in words, for the cell's tooltip. */
  public static String evidenceWords(ConnectionTrace t) {
    return "DNS " + word(t.dns() == null ? null : t.dns().evidence()) + " · Service "
        + word(t.service() == null ? null : t.service().evidence()) + " · DNAT "
        + word(t.decision() == null ? null : t.decision().evidence()) + " · backend "
        + word(t.backend().evidence());
  }

  private static String word(Evidence e) {
    return e == null ? "none" : e.word();
  }

  /** The connection inspector's text. */
  public static String story(ConnectionTrace t) {
    return story(t, 0);
  }

  /**
   * The connection inspector's text, with the line of stage {@code stage} (1 DNS … 5 outcome)
   * marked "▶" for a class stepping through it; 0 marks none.
   */
  public static String story(ConnectionTrace t, int stage) {
    String[] lines = whole(t).split("\n", -1);
    StringBuilder s = new StringBuilder();
    for (String line : lines) {
      boolean here = stage > 0 && line.startsWith(stage + ". ");
      s.append(here ? "▶ " : "").append(line).append('\n');
    }
    return s.toString().stripTrailing();
  }

  private static String whole(ConnectionTrace t) {
    StringBuilder s = new StringBuilder();
    s.append("From ").append(peer(t.client())).append('\n');
    if (t.dns() != null) {
      s.append(String.format(Locale.ROOT, "1. DNS  %s → %s in %.2f ms, %d %s%s  [%s]%n",
          t.dns().name(), String.join(", ", t.dns().answers()), t.dns().latencyNanos() / 1e6,
          t.dns().queries(), t.dns().queries() == 1 ? "query" : "queries",
          t.dns().answeredBy() == null ? "" : ", answered by " + t.dns().answeredBy(),
          t.dns().evidence().word()));
    } else {
      s.append("1. DNS  none seen: the address was dialled directly or a cached answer reused\n");
    }
    s.append("2. SYN  to ").append(peer(t.dialled()));
    if (t.service() != null) {
      s.append(" = Service ").append(t.service().namespace()).append('/')
          .append(t.service().name());
      if (t.service().port() > 0) {
        s.append(" port ").append(t.service().port());
      }
      s.append(" via ").append(t.service().via()).append("  [")
          .append(t.service().evidence().word()).append(']');
    }
    s.append('\n');
    if (t.decision() != null) {
      s.append("3. DNAT ").append(t.decision().mode()).append(": ").append(t.decision().why())
          .append("  [").append(t.decision().evidence().word()).append("]\n");
      if (t.decision().rule() != null) {
        s.append("   rule: ").append(t.decision().rule()).append('\n');
      }
    } else {
      s.append("3. DNAT none: no Service address was dialled\n");
    }
    Peer b = t.backend().target();
    s.append("4. To   ").append(b == null ? "unknown backend" : peer(b))
        .append(t.backend().source() == null ? "" : " (" + t.backend().source() + ")")
        .append("  [").append(t.backend().evidence().word()).append("]\n");
    if (t.backend().listing() != null && !t.backend().listing().ok()) {
      s.append("   ⚠ ").append(listing(t)).append('\n');
    }
    if (t.snat() != null) {
      s.append("   the backend saw the client as ").append(peer(t.snat())).append('\n');
    }
    s.append("5. ").append(t.outcome());
    if (t.handshakeNanos() >= 0) {
      s.append(String.format(Locale.ROOT, ", handshake %.2f ms", t.handshakeNanos() / 1e6));
    }
    if (t.durationNanos() >= 0) {
      s.append(String.format(Locale.ROOT, ", %.2f ms in all", t.durationNanos() / 1e6));
    }
    s.append("\nSeen by ").append(String.join(", ", t.nodes())).append(" at ").append(time(t));
    return s.toString();
  }

  /** Why the backend was not the API's to choose at that moment: kube-proxy's rules lagged. */
  public static String listing(ConnectionTrace t) {
    var l = t.backend().listing();
    String svc = t.service() == null ? "the Service" : t.service().namespace() + "/"
        + t.service().name();
    String node = t.nodes().isEmpty() ? "the node" : t.nodes().get(0);
    return switch (l.state()) {
      case "removed" -> "the API had removed this endpoint of " + svc + " " + l.changeMillis()
          + " ms before: kube-proxy's rules on " + node + " had not followed yet";
      case "not_yet_listed" -> "the API listed this endpoint of " + svc + " only "
          + l.changeMillis() + " ms later";
      default -> "the API did not list this address as an endpoint of " + svc
          + " while this was watched";
    };
  }
}
