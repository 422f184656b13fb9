package dev.switchboard.capture.sidecar;

import dev.switchboard.capture.FlowObserver;
import dev.switchboard.capture.event.PacketCaptured;

/**
 * The packets served on request ({@code GET /v1/packets}): kept in their own ring, with their own
 * sequence numbers, so the event stream's backlog and numbering do not change for readers that
 * never ask for packets. Packets are only kept while someone reads them, or read them in the last
 * {@link #KEEP_AFTER_READER_MS} ms (a reader that reconnects resumes without a gap); a replayed
 * file keeps them all. Threads: {@link #accept} from the processing thread.
 */
final class PacketStream implements FlowObserver.PacketSink {
  /** About 8 MiB of packets cut to their headers. */
  static final int BACKLOG = 32_768;
  static final long KEEP_AFTER_READER_MS = 30_000;

  private final EventHub hub;
  private final boolean always;

  private PacketStream(EventHub hub, boolean always) {
    this.hub = hub;
    this.always = always;
  }

  static PacketStream live(String node) {
    return new PacketStream(new EventHub(node, BACKLOG), false);
  }

  static PacketStream replay(String node) {
    return new PacketStream(EventHub.keepingEverything(node), true);
  }

  @Override
  public boolean wanted() {
    return always || hub.readWithin(KEEP_AFTER_READER_MS);
  }

  @Override
  public void accept(PacketCaptured p) {
    hub.publish(p);
  }

  EventHub hub() {
    return hub;
  }
}
