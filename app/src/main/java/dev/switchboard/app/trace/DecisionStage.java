package dev.switchboard.app.trace;

import dev.switchboard.capture.event.ServiceRule;
import java.util.List;
import java.util.Locale;

/**
 * kube-proxy's choice for this connection and why. Immutable; any thread.
 *
 * @param mode {@code iptables}, {@code ipvs}, {@code nftables}, or {@code unknown} when the node
 *     sent no rules
 * @param rule what in the node's rules selected the backend (a KUBE-SEP chain, an IPVS real
 *     server, an nftables element), null when not known
 * @param probability the chance the rules gave this backend, -1 when not known or load-dependent
 * @param candidates how many backends the rules offered
 * @param affinitySeconds ClientIP affinity timeout, 0 without affinity
 * @param why one sentence a person can read
 * @param table the node's rule rows for this Service when the decision was made (every backend
 *     with its chance and rule), empty when the node sent no rules for it
 */
public record DecisionStage(String mode, String rule, double probability, int candidates,
    int affinitySeconds, String why, Evidence evidence, List<ServiceRule.Backend> table) {

  /**
   * Whether only some rows could be chosen: traffic from outside to a Service with
   * externalTrafficPolicy Local goes to this node's rows alone ({@link #candidates} of them).
   */
  public boolean localOnly() {
    return candidates < table.size() && table.stream().anyMatch(ServiceRule.Backend::local);
  }

  /** The chance of one row for this connection: none for a row it could not take. */
  public double chanceOf(ServiceRule.Backend row) {
    return !localOnly() ? row.probability() : row.local() ? 1.0 / candidates : 0;
  }

  /** A rule's chance as people read it: "50 %", "33.3 %", or "load-dependent" (-1). */
  public static String percent(double p) {
    if (p < 0) {
      return "load-dependent";
    }
    double pct = p * 100;
    return String.format(Locale.ROOT, pct == Math.rint(pct) ? "%.0f %%" : "%.1f %%", pct);
  }
}
