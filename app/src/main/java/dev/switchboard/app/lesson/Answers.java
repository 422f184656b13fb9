package dev.switchboard.app.lesson;

import dev.switchboard.app.cluster.ClusterIndex;
import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.cluster.ResolvedEndpoint;
import dev.switchboard.app.cluster.ServiceInfo;
import dev.switchboard.app.lesson.Lesson.AnswerSpec;
import dev.switchboard.app.session.SessionIndex;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.trace.Peer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answers a lesson's questions from its recording: the connection's stages for what one
 * connection did, counts over the recorded connections for what many did, the recorded cluster
 * for what the API said, the recorded rules for kube-proxy's lag. Nothing is typed into the
 * lesson but the question. Stateless; any thread.
 */
public final class Answers {
  private Answers() {}

  public static Answer compute(AnswerSpec spec, LessonContext ctx) throws LessonFormatException {
    return switch (spec.kind()) {
      case "backend", "outcome", "dnsQueries", "dnsName", "dnsAnswers", "dialled", "clientSeenAs",
          "targetPort", "decisionChance", "apiListing", "ruleProbability"
          -> of(spec.kind(), connection(spec, ctx));
      case "endpoints" -> endpoints(spec, ctx);
      case "mostChosen" -> mostChosen(spec, ctx);
      case "connectionsTo" -> connectionsTo(spec, ctx);
      case "distinctBackends" -> distinct(spec, ctx);
      case "lagMs" -> lag(spec, ctx);
      case "staleConnections" -> stale(spec, ctx);
      default -> throw new LessonFormatException("unknown answer kind " + spec.kind());
    };
  }

  private static ConnectionTrace connection(AnswerSpec spec, LessonContext ctx)
      throws LessonFormatException {
    if (spec.connection() == null) {
      throw new LessonFormatException("the answer " + spec.kind() + " needs a connection");
    }
    return ctx.pick(spec.connection());
  }

  /** What one connection did, read off its stages. */
  static Answer of(String kind, ConnectionTrace t) throws LessonFormatException {
    Peer b = t.backend().target();
    return switch (kind) {
      case "backend" -> new Answer(b == null ? "unknown" : b.podName() != null ? b.podName()
          : b.ip() + ":" + b.port(), null, t.backend().evidence().word() + (t.backend().source()
              == null ? "" : " (" + source(t.backend().source()) + ")"), null);
      case "outcome" -> new Answer(t.outcome(), null, "observed (on the wire)", null);
      case "dnsQueries" -> dns(t, String.valueOf(t.dns() == null ? 0 : t.dns().queries()),
          t.dns() == null ? 0.0 : t.dns().queries());
      case "dnsName" -> dns(t, t.dns() == null ? "none" : t.dns().name(), null);
      case "dnsAnswers" -> dns(t, t.dns() == null ? "none" : String.join(", ",
          t.dns().answers()), null);
      case "dialled" -> new Answer(t.dialled().ip() + ":" + t.dialled().port(), null,
          "observed (the SYN as it left the client)", null);
      case "clientSeenAs" -> t.snat() != null
          ? new Answer(t.snat().ip(), null, "observed (the SYN after the node's SNAT)",
              "the node rewrote " + t.client().ip() + " to " + t.snat().ip())
          : new Answer(t.client().ip(), null, "observed (no SNAT: the client's own address)",
              null);
      case "targetPort" -> new Answer(b == null ? "unknown" : String.valueOf(b.port()),
          b == null ? null : (double) b.port(), t.backend().evidence().word(), null);
      case "decisionChance" -> chance(t);
      case "ruleProbability" -> rowProbability(t);
      case "apiListing" -> t.backend().listing() == null
          ? new Answer("not checked", null, "unknown (no DNAT seen, or no Service)", null)
          : new Answer(t.backend().listing().state(), null,
              "observed (the DNAT) against the API's EndpointSlices as watched",
              t.backend().listing().changeMillis() + " ms between them");
      default -> throw new LessonFormatException("unknown answer kind " + kind);
    };
  }

  private static Answer dns(ConnectionTrace t, String text, Double number) {
    return new Answer(text, number, t.dns() == null ? "observed (no lookup before it)"
        : t.dns().evidence().word() + " (the queries and answers on the wire)",
        t.dns() == null ? null : t.dns().queries() + " queries for " + t.dns().name());
  }

  private static Answer chance(ConnectionTrace t) {
    if (t.decision() == null || t.decision().probability() < 0) {
      return new Answer("unknown", null, "unknown (no rule row chose it)", null);
    }
    double pct = t.decision().probability() * 100;
    return new Answer(String.format(Locale.ROOT, "%.1f %%", pct), pct,
        t.decision().evidence().word() + " (the node's rules)", t.decision().why());
  }

  /**
   * The probability written on the rule row itself (iptables' statistic match): the chance the
   * row is taken once the rows before it were not; the last row has none — it takes what is left.
   */
  private static Answer rowProbability(ConnectionTrace t) {
    if (t.decision() == null || t.decision().rule() == null) {
      return new Answer("unknown", null, "unknown (no rule row chose it)", null);
    }
    java.util.regex.Matcher m = ROW_PROBABILITY.matcher(t.decision().rule());
    double p = m.find() ? Double.parseDouble(m.group(1)) : 1.0;
    return new Answer(String.format(Locale.ROOT, "%.3f", p), p,
        t.decision().evidence().word() + " (the node's rules)", t.decision().rule());
  }

  private static final java.util.regex.Pattern ROW_PROBABILITY =
      java.util.regex.Pattern.compile("--probability ([0-9.]+)");

  private static String source(String s) {
    return switch (s) {
      case "capture" -> "the SYN seen after DNAT";
      case "conntrack" -> "the node's conntrack entry";
      case "direct" -> "no translation: the address dialled";
      case "rules" -> "the only backend the rules allow";
      default -> s;
    };
  }

  private static Answer endpoints(AnswerSpec spec, LessonContext ctx)
      throws LessonFormatException {
    long at = ctx.resolve(need(spec.from(), "from", spec));
    ClusterIndex cluster = ctx.clusterAt(at);
    ServiceInfo svc = cluster.service(ObjectKey.parse(need(spec.service(), "service", spec)));
    if (svc == null) {
      return new Answer("no such Service", 0.0, "inferred (the API)", null);
    }
    List<ResolvedEndpoint> ready = cluster.endpointsOf(svc).stream()
        .filter(ResolvedEndpoint::ready).toList();
    return new Answer(String.valueOf(ready.size()), (double) ready.size(),
        "inferred (the API's EndpointSlices, as watched)", String.join(", ",
            ready.stream().map(e -> (e.podName() == null ? e.ip() : e.podName()) + " " + e.ip()
                + ":" + e.port()).toList()));
  }

  private static Answer mostChosen(AnswerSpec spec, LessonContext ctx)
      throws LessonFormatException {
    List<ConnectionTrace> in = range(spec, ctx);
    Map<String, Integer> count = new TreeMap<>();
    Map<String, Double> chance = new LinkedHashMap<>();
    for (ConnectionTrace t : in) {
      Peer b = t.backend().target();
      if (b != null) {
        String who = b.podName() != null ? b.podName() : b.ip();
        count.merge(who, 1, Integer::sum);
        if (t.decision() != null && t.decision().probability() >= 0) {
          chance.putIfAbsent(who, t.decision().probability());
        }
      }
    }
    String top = count.entrySet().stream().max(Map.Entry.comparingByValue())
        .map(Map.Entry::getKey).orElse("none");
    StringBuilder detail = new StringBuilder();
    count.forEach((who, n) -> detail.append(String.format(Locale.ROOT,
        "%s %d of %d (%.0f %%)%s; ", who, n, in.size(), 100.0 * n / in.size(),
        chance.containsKey(who) ? String.format(Locale.ROOT, ", its rule row's chance %.1f %%",
            100 * chance.get(who)) : "")));
    return new Answer(top, null, "observed (" + in.size() + " connections' DNAT)",
        detail.toString().strip());
  }

  private static Answer connectionsTo(AnswerSpec spec, LessonContext ctx)
      throws LessonFormatException {
    String pod = need(spec.pod(), "pod", spec);
    long n = range(spec, ctx).stream().filter(t -> t.backend().target() != null
        && pod.equals(t.backend().target().podName())).count();
    return new Answer(String.valueOf(n), (double) n, "observed (the connections' DNAT)", null);
  }

  private static Answer distinct(AnswerSpec spec, LessonContext ctx)
      throws LessonFormatException {
    List<String> backends = range(spec, ctx).stream().filter(t -> t.backend().target() != null)
        .map(t -> t.backend().target().podName() != null ? t.backend().target().podName()
            : t.backend().target().ip()).distinct().sorted().toList();
    return new Answer(String.valueOf(backends.size()), (double) backends.size(),
        "observed (the connections' DNAT)", String.join(", ", backends));
  }

  private static Answer stale(AnswerSpec spec, LessonContext ctx) throws LessonFormatException {
    List<ConnectionTrace> late = range(spec, ctx).stream().filter(t -> t.backend().listing()
        != null && t.backend().listing().state().equals("removed")).toList();
    return new Answer(String.valueOf(late.size()), (double) late.size(),
        "observed (DNAT to an endpoint the API had removed)", String.join("; ", late.stream()
            .map(t -> t.backend().target().podName() + " "
                + t.backend().listing().changeMillis() + " ms after its removal").toList()));
  }

  private static Answer lag(AnswerSpec spec, LessonContext ctx) throws LessonFormatException {
    String service = need(spec.service(), "service", spec);
    long from = spec.from() == null ? Long.MIN_VALUE : ctx.resolve(spec.from());
    for (SessionIndex.Lag l : ctx.index().lags()) {
      if (l.apiAtNanos() >= from && l.servicePort().startsWith(service)) {
        if (l.followedAtNanos() < 0) {
          return new Answer("never", null, "observed (" + l.node() + "'s rules)",
              l.node() + " had not followed when the recording ended");
        }
        return new Answer(l.lagMillis() + " ms", (double) l.lagMillis(),
            "observed (" + l.node() + "'s rules, as its sidecar read them)",
            l.servicePort() + " on " + l.node());
      }
    }
    throw new LessonFormatException("the recording has no endpoint change of " + service
        + " for kube-proxy to follow");
  }

  private static List<ConnectionTrace> range(AnswerSpec spec, LessonContext ctx)
      throws LessonFormatException {
    long from = spec.from() == null ? Long.MIN_VALUE : ctx.resolve(spec.from());
    long to = spec.to() == null ? Long.MAX_VALUE : ctx.resolve(spec.to());
    return ctx.between(spec.service(), from, to);
  }

  private static <T> T need(T value, String field, AnswerSpec spec) throws LessonFormatException {
    if (value == null) {
      throw new LessonFormatException("the answer " + spec.kind() + " needs " + field);
    }
    return value;
  }
}
