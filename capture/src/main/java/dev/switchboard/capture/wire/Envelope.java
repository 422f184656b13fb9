package dev.switchboard.capture.wire;

import dev.switchboard.capture.event.Event;

/**
 * An event as it travels: its position in the sender's stream (gap in seq = events missed) and
 * the event. Immutable.
 */
public record Envelope(long seq, Event event) {}
