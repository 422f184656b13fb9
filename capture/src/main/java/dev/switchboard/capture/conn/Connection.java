package dev.switchboard.capture.conn;

/** A tracked TCP connection. Mutable; owned by the {@link ConnectionTracker}'s thread. */
final class Connection {
  final String id;
  final long seq;
  final Tuple original;
  final String firstInterface;
  final long openedNanos;
  Tuple translated;
  long lastSynNanos;
  long synAckNanos = -1;
  long closedNanos;
  int synRetransmits;
  boolean clientFin;
  boolean serverFin;

  Connection(String id, long seq, Tuple original, String firstInterface, long openedNanos) {
    this.id = id;
    this.seq = seq;
    this.original = original;
    this.firstInterface = firstInterface;
    this.openedNanos = openedNanos;
    this.lastSynNanos = openedNanos;
  }

  boolean established() {
    return synAckNanos >= 0;
  }
}
