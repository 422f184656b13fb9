package dev.switchboard.capture;

import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.pcap.CapturedFrame;
import dev.switchboard.capture.pcap.PcapFormatException;
import dev.switchboard.capture.pcap.PcapReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's capture file turned into the events the sidecar would have sent. A truncated or
 * damaged file keeps every event before the damage, and says where it stopped. Caller's thread.
 */
public final class PcapReplay {
  /** @param stoppedBy why reading ended early, or null when the file was read to its end */
  public record Result(List<Event> events, long frames, String stoppedBy) {}

  private PcapReplay() {}

  public static Result replay(InputStream in, String node, FlowObserver.Settings settings)
      throws IOException {
    List<Event> events = new ArrayList<>();
    FlowObserver observer = new FlowObserver(node, settings, events::add);
    long frames = 0;
    String stopped = null;
    long nextTick = Long.MIN_VALUE;
    try (PcapReader reader = new PcapReader(in)) {
      CapturedFrame f;
      while ((f = reader.next()) != null) {
        frames++;
        observer.frame(f.data(), f.data().length, f.linkType(), f.timestampNanos(),
            f.interfaceName());
        if (f.timestampNanos() >= nextTick) {
          observer.tick(f.timestampNanos());
          nextTick = f.timestampNanos() + 100_000_000L;
        }
      }
    } catch (PcapFormatException e) {
      stopped = e.getMessage();
    }
    observer.flush();
    return new Result(events, frames, stopped);
  }
}
