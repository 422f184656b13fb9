package dev.switchboard.app.trace;

import java.util.List;

/**
 * The lookup that gave the client the address it dialled, its search-path walk collapsed.
 * Immutable; any thread.
 *
 * @param server where the client's queries went (the DNS Service VIP, usually)
 * @param answeredBy the DNS pod behind that VIP, when the sidecar saw the translated query
 * @param askedAtNanos when the walk's first query was sent
 * @param queries how many queries the walk took (search suffixes, A and AAAA)
 */
public record DnsStage(String name, List<String> answers, List<String> cnames, long askedAtNanos,
    long latencyNanos, String server, String answeredBy, int queries, Evidence evidence) {}
