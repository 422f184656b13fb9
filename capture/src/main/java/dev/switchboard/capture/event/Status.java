package dev.switchboard.capture.event;

import java.util.Map;

/** Periodic counters of the sidecar (packets, events, drops, open connections…). */
public record Status(long timestampNanos, String node, Map<String, Long> counters) implements Event {}
