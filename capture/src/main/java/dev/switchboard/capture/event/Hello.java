package dev.switchboard.capture.event;

import java.util.List;

/**
 * First event of every stream: who is speaking and how it observes.
 *
 * @param proxyMode "iptables", "ipvs", "nftables", or "none" when no kube-proxy rules were found
 * @param proxyNote why, when proxyMode is "none" (e.g. "no KUBE-SERVICES chain: kube-proxy
 *     replaced (Cilium?) — Service translation will be shown as inferred")
 */
public record Hello(long timestampNanos, String node, int version, List<String> interfaces,
    String filter, int snaplen, String proxyMode, String proxyNote, boolean conntrack)
    implements Event {

  public static final int VERSION = 1;
}
