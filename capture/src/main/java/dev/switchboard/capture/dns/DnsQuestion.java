package dev.switchboard.capture.dns;

/** A question: lower-cased name without the final dot, type and class. Immutable. */
public record DnsQuestion(String name, int type, int dnsClass) {}
