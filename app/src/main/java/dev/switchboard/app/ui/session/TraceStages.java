package dev.switchboard.app.ui.session;

import dev.switchboard.app.trace.ConnectionTrace;
import java.util.ArrayList;
import java.util.List;

/**
 * The moments of one connection a class steps through: the DNS lookup, the SYN to the Service
 * address, kube-proxy's DNAT, the backend's answer, the outcome — each with its time on the
 * session's clock and the inspector line that tells it. Pure; any thread.
 */
public final class TraceStages {
  /** One stage: its name, when it happened, and its number in the inspector's story (1–5). */
  public record Stage(String name, long atNanos, int line) {}

  private TraceStages() {}

  public static List<Stage> of(ConnectionTrace t) {
    List<Stage> out = new ArrayList<>();
    if (t.dns() != null) {
      out.add(new Stage("DNS lookup of " + t.dns().name(), t.dns().askedAtNanos(), 1));
    }
    long syn = t.startedAtNanos();
    out.add(new Stage("SYN to " + t.dialled().ip() + ":" + t.dialled().port(), syn, 2));
    if (t.decision() != null) {
      out.add(new Stage("kube-proxy's choice", syn, 3));
    }
    long answered = t.handshakeNanos() >= 0 ? syn + t.handshakeNanos() : syn;
    out.add(new Stage("at the backend", answered, 4));
    long end = t.durationNanos() >= 0 ? syn + t.durationNanos() : answered;
    out.add(new Stage(t.outcome(), end, 5));
    return out;
  }
}
