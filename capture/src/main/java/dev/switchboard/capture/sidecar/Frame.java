package dev.switchboard.capture.sidecar;

import dev.switchboard.capture.packet.LinkType;

/** Raw bytes of one captured frame, handed from a capture thread to the processor. Immutable. */
record Frame(byte[] data, LinkType link, long timestampNanos, String iface, int originalLength) {}
