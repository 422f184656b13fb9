package dev.switchboard.capture.event;

import java.util.List;

/** One query of a lookup's search-path walk: the name tried, its type, and what came back. */
public record DnsAttempt(String name, String type, String rcode, List<String> answers) {}
