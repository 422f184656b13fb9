package dev.switchboard.capture.pcap;

import dev.switchboard.capture.packet.LinkType;

/**
 * One frame from a capture file: its link type, the interface it came from (pcapng names it;
 * classic pcap does not), time and bytes. Immutable by convention; any thread.
 *
 * @param linkType null when the file uses a link type Switchboard does not decode
 * @param linkCode the file's link-type number, decoded or not (to name what was skipped)
 */
public record CapturedFrame(LinkType linkType, int linkCode, String interfaceName,
    long timestampNanos, byte[] data, int originalLength) {}
