package dev.switchboard.capture.dns;

/**
 * An answer record: owner name, type, TTL and its data as text — an address for A/AAAA, a name
 * for CNAME/PTR/NS, "priority weight port target" for SRV, else "(N bytes)". Immutable.
 */
public record DnsRecord(String name, int type, long ttl, String data) {}
