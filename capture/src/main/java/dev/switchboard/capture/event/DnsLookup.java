package dev.switchboard.capture.event;

import java.util.List;

/**
 * One name lookup with its search-path expansion collapsed: every query a client made for it
 * (A and AAAA, each search suffix, NXDOMAIN chains) as attempts, the final name and answer.
 *
 * @param server where the client sent its queries (the DNS Service VIP, usually)
 * @param answeredBy where they went after translation, when a second copy of a query showed it
 *     (the DNS pod behind the VIP); null when not observed
 * @param outcome "answered", "nxdomain", "no_data", "error" (SERVFAIL/REFUSED…), "timeout"
 * @param addresses A and AAAA answers of the final name
 * @param latencyNanos from the first query to the last response of the lookup
 */
public record DnsLookup(long timestampNanos, String node, Endpoint client, Endpoint server,
    Endpoint answeredBy, String name, String outcome, List<String> addresses,
    List<String> cnames, List<DnsAttempt> attempts, long latencyNanos, String observedOn)
    implements Event {}
