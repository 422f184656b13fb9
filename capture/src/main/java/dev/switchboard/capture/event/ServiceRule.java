package dev.switchboard.capture.event;

import java.util.List;

/**
 * What kube-proxy does with one Service port on this node.
 *
 * @param service "namespace/name:port" as kube-proxy names it
 * @param frontends every address:port that leads here: cluster IP, node ports (ip "*"),
 *     external and load-balancer IPs, each with its kind
 * @param scheduler "random" (iptables statistic / nftables numgen) or the IPVS scheduler
 * @param affinitySeconds ClientIP affinity timeout, 0 when none
 * @param rejects true when the Service has no endpoints and the rules REJECT connections
 */
public record ServiceRule(String service, String protocol, List<Frontend> frontends,
    String scheduler, int affinitySeconds, boolean rejects, List<Backend> backends) {

  /** An address that reaches the Service. kind: "clusterIP", "nodePort", "externalIP", "loadBalancer". */
  public record Frontend(String kind, String ip, int port) {}

  /**
   * A backend with the chance a new connection picks it.
   *
   * @param rule what in the node's rules selects it (chain and match, or the IPVS real server)
   * @param local for externalTrafficPolicy Local chains: the backend is on this node
   */
  public record Backend(String ip, int port, double probability, int weight, String rule,
      boolean local) {}
}
