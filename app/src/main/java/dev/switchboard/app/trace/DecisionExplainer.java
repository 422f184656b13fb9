package dev.switchboard.app.trace;

import dev.switchboard.capture.event.Endpoint;
import dev.switchboard.capture.event.ServiceRule;
import java.util.Locale;

/**
 * Says in one sentence why kube-proxy's rules sent a connection where they did. Stateless; any
 * thread.
 */
final class DecisionExplainer {

  String chosen(RuleBook.Match match, ServiceRule.Backend b, Endpoint client, long reuseNanos) {
    ServiceRule rule = match.rule();
    int n = rule.backends().size();
    StringBuilder why = new StringBuilder();
    if (rule.affinitySeconds() > 0 && reuseNanos >= 0) {
      why.append(String.format(Locale.ROOT, "ClientIP affinity (%d s): %s reached this backend"
          + " %.1f s earlier, so the rules sent it there again", rule.affinitySeconds(),
          client.ip(), reuseNanos / 1e9));
    } else if (match.mode().equals("ipvs")) {
      why.append(String.format(Locale.ROOT, "the IPVS %s scheduler chose real server %s:%d"
          + " (weight %d) of %d", rule.scheduler(), b.ip(), b.port(), b.weight(), n));
    } else {
      why.append(String.format(Locale.ROOT, "%s picked %s at random: a %s chance among %d %s",
          match.mode(), shortRule(b.rule()), DecisionStage.percent(b.probability()), n,
          n == 1 ? "backend" : "backends"));
      if (rule.affinitySeconds() > 0) {
        why.append(String.format(Locale.ROOT, " (ClientIP affinity, %d s: the first connection"
            + " from %s in the window)", rule.affinitySeconds(), client.ip()));
      }
    }
    if (b.local()) {
      why.append("; externalTrafficPolicy Local: only this node's backends are candidates");
    }
    return why.toString();
  }

  /** From outside, externalTrafficPolicy Local: a random pick among this node's backends. */
  String chosenLocal(RuleBook.Match match, ServiceRule.Backend b, int local) {
    return String.format(Locale.ROOT, "externalTrafficPolicy Local: traffic from outside the"
        + " cluster only goes to this node's %d %s (the client's address is kept); %s picked %s"
        + ": a %s chance", local, local == 1 ? "backend" : "backends", match.mode(),
        shortRule(b.rule()), DecisionStage.percent(1.0 / local));
  }

  /** Said after a decision taken from a reading made after the connection. */
  String readAfter(RuleBook.Match match, long atNanos) {
    long after = match.readNanos() - atNanos;
    String when = after < 1_000_000_000L ? Math.max(1, after / 1_000_000) + " ms"
        : String.format(Locale.ROOT, "%.1f s", after / 1e9);
    return " (rules as read " + when + " after the connection: the reading before did not list"
        + " this backend yet, kube-proxy had just changed them)";
  }

  /**
   * The translated address is not among the rule's backends: kube-proxy rewrote the rules
   * between the sidecar's readings (it reads them every few seconds), so which rule chose it is
   * unknown.
   */
  String notListed(RuleBook.Match match, Endpoint to, long atNanos) {
    double age = (atNanos - match.readNanos()) / 1e9;
    String when = age >= 0 ? String.format(Locale.ROOT, "as read %.1f s before", age)
        : String.format(Locale.ROOT, "as first read %.1f s after", -age);
    return "translated to " + to + ", which the node's rules for " + match.rule().service()
        + " (" + when + ") do not list: kube-proxy changed them between the sidecar's"
        + " readings";
  }

  String rejected(RuleBook.Match match, String outcome) {
    return match.rule().service() + " has no endpoints: the rules REJECT its connections"
        + (outcome.equals("rejected") ? "" : " (this one ended " + outcome + ")");
  }

  String onlyBackend(RuleBook.Match match) {
    return "the rules for " + match.rule().service() + " allow one backend only; the translated"
        + " SYN itself was not seen";
  }

  String notSeen(RuleBook.Match match) {
    return "the translated SYN was not seen; the rules for " + match.rule().service()
        + " offered " + match.rule().backends().size() + " backends";
  }

  /** The chain or element a rule jumps to (KUBE-SEP-…), else the rule as written. */
  static String shortRule(String rule) {
    int jump = rule.lastIndexOf(" -j ");
    return jump < 0 ? rule : rule.substring(jump + 4).trim();
  }
}
