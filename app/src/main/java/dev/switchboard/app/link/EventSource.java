package dev.switchboard.app.link;

/**
 * Where a node's events come from: a live sidecar, or a capture file replayed as its sidecar
 * would have streamed it. Each runs on its own thread, hands events to an {@link EventIntake} in
 * order and reports its state as {@link LinkStatus}; {@link LinkStatus.LinkState#CLOSED} and
 * {@link LinkStatus.LinkState#FAILED} mean it has nothing more to give.
 */
public interface EventSource extends AutoCloseable {
  void start();

  /**
   * Whether events arrive as they happen (a sidecar) rather than as fast as they are read (a
   * file): only a live source may lose events, and only its quiet moves time on.
   */
  boolean live();

  @Override
  void close();
}
