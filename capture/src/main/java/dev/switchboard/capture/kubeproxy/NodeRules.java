package dev.switchboard.capture.kubeproxy;

import dev.switchboard.capture.event.ServiceRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds which mode kube-proxy runs in on this node and reads its Service rules: nftables
 * ({@code table ip kube-proxy}), else iptables ({@code KUBE-SVC-} chains, trying both the nft and
 * the legacy iptables backends), else IPVS (virtual servers). When none is found, says so: the
 * node's Services are handled by something else (e.g. Cilium's kube-proxy replacement) and
 * translations can only be inferred. Runs commands through a {@link CommandRunner}; any thread.
 */
public final class NodeRules {
  /** @param note why the mode is "none", or a problem reading the rules; else null */
  public record Result(String mode, List<ServiceRule> services, String note) {}

  private NodeRules() {}

  public static Result read(CommandRunner run) {
    List<String> problems = new ArrayList<>();
    String nft = run.run(List.of("nft", "list", "table", "ip", "kube-proxy"));
    if (nft != null && nft.contains("service-ips")) {
      try {
        List<ServiceRule> rules = new ArrayList<>(NftablesRules.parse(nft));
        String nft6 = run.run(List.of("nft", "list", "table", "ip6", "kube-proxy"));
        if (nft6 != null && nft6.contains("service-ips")) {
          rules.addAll(NftablesRules.parse(nft6));
        }
        return new Result("nftables", rules, null);
      } catch (RuleFormatException e) {
        problems.add("nftables rules unreadable: " + e.getMessage());
      }
    }
    for (String save : List.of("iptables-save", "iptables-nft-save", "iptables-legacy-save")) {
      String text = run.run(List.of(save));
      if (text != null && text.contains("-A KUBE-SERVICES")) {
        boolean ipvs = text.contains("KUBE-CLUSTER-IP") && !text.contains("-j KUBE-SVC-");
        if (ipvs) {
          break;
        }
        try {
          return new Result("iptables", IptablesRules.parse(text), null);
        } catch (RuleFormatException e) {
          problems.add(save + " output unreadable: " + e.getMessage());
        }
      }
    }
    String ipvs = run.run(List.of("ipvsadm", "-Ln"));
    if (ipvs != null && ipvs.lines().anyMatch(l -> l.startsWith("TCP") || l.startsWith("UDP"))) {
      try {
        return new Result("ipvs", IpvsRules.parse(ipvs), null);
      } catch (RuleFormatException e) {
        problems.add("ipvsadm output unreadable: " + e.getMessage());
      }
    }
    String note = problems.isEmpty()
        ? "no kube-proxy rules on this node (no KUBE-SERVICES chain, no kube-proxy nftables table,"
            + " no IPVS virtual servers): kube-proxy may be replaced (e.g. Cilium); Service"
            + " translations will be shown as inferred"
        : String.join("; ", problems);
    return new Result("none", List.of(), note);
  }
}
