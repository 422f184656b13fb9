package dev.switchboard.capture.event;

/**
 * The DNAT (and SNAT) a connection went through on this node: the same SYN seen before and
 * after translation, or the kernel's conntrack entry.
 *
 * @param source "capture" (two copies of the SYN: {@code observedOn} names both interfaces) or
 *     "conntrack"
 */
public record Translated(long timestampNanos, String node, String id, String protocol,
    Endpoint client, Endpoint destination, Endpoint translatedClient,
    Endpoint translatedDestination, String source, String observedOn) implements Event {}
