package dev.switchboard.capture.event;

/**
 * A client's first SYN, as it left the client: {@code destination} is what the client dialled
 * (a Service VIP, a node's NodePort, a pod IP).
 */
public record ConnectionOpened(long timestampNanos, String node, String id, String protocol,
    Endpoint client, Endpoint destination, String observedOn) implements Event {}
