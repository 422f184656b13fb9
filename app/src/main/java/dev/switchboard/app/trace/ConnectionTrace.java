package dev.switchboard.app.trace;

import java.util.List;

/**
 * One connection from the client's SYN to its outcome, every stage with its evidence. Stages the
 * connection did not have (no DNS for a dialled IP, no Service for a direct pod call) are null.
 * Immutable; any thread.
 *
 * @param nodes the nodes whose sidecars saw it, first the one that saw it open
 * @param dialled the address the client's SYN carried (a VIP, node:NodePort, pod, external)
 * @param nodePort the NodePort dialled, 0 when none
 * @param snat the address the backend saw the client as, when the node rewrote the source (a
 *     NodePort or LoadBalancer connection from outside); null when the client's address was kept
 * @param outcome as the sidecar reported it (closed, reset, refused, rejected, timed_out,
 *     evicted)
 * @param handshakeNanos SYN → SYN-ACK, -1 without one
 */
public record ConnectionTrace(String id, List<String> nodes, String protocol, Peer client,
    DnsStage dns, Peer dialled, int nodePort, Peer snat, ServiceStage service,
    DecisionStage decision,
    BackendStage backend, String outcome, long startedAtNanos, long durationNanos,
    long handshakeNanos) {}
