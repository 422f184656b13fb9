package dev.switchboard.capture.event;

/**
 * Observations that were lost, counted, over a time range.
 *
 * @param reason "kernel_drop" (pcap ps_drop), "interface_drop" (ps_ifdrop), "capture_queue"
 *     (frames the decoder could not keep up with), "client_queue" (events a slow reader missed),
 *     "table_full" (connections evicted to bound memory), "undecodable" (malformed frames)
 */
public record Lost(long timestampNanos, String node, String reason, long count, long fromNanos,
    long toNanos) implements Event {}
