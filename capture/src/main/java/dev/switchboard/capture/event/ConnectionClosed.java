package dev.switchboard.capture.event;

/**
 * How a connection ended.
 *
 * @param outcome "closed" (FIN both ways), "reset" (RST after the handshake), "refused" (RST
 *     answering the SYN: nothing listens), "rejected" (ICMP unreachable answering the SYN: e.g.
 *     kube-proxy's REJECT for a Service without endpoints), "timed_out" (no answer), "evicted"
 *     (still open when the table had to make room)
 * @param handshakeNanos SYN → SYN-ACK, or -1 when there was none
 * @param synRetransmits extra SYNs the client sent
 */
public record ConnectionClosed(long timestampNanos, String node, String id, String protocol,
    Endpoint client, Endpoint destination, String outcome, long handshakeNanos,
    long durationNanos, int synRetransmits) implements Event {}
