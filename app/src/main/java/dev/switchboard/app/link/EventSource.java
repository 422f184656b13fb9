package dev.switchboard.app.link;

/**
 * Where a node's events come from: a live sidecar, or a capture file replayed as its sidecar
 * would have streamed it. Each runs on its own thread, hands events to a sink in order and
 * reports its state as {@link LinkStatus}; {@link LinkStatus.LinkState#CLOSED} means it has
 * nothing more to give.
 */
public interface EventSource extends AutoCloseable {
  void start();

  @Override
  void close();
}
