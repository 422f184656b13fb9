package dev.switchboard.capture.event;

/**
 * One record of the event stream (format v1, docs/wire-format.md). Every event carries the node
 * that observed it and its time in ns since the epoch. Immutable; any thread.
 */
public sealed interface Event permits Hello, DnsLookup, ConnectionOpened, Translated,
    ConnectionClosed, Rules, Lost, Status, PacketCaptured {

  long timestampNanos();

  String node();
}
