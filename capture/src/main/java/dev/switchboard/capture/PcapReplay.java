package dev.switchboard.capture;

import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.packet.LinkTypeNames;
import dev.switchboard.capture.pcap.CapturedFrame;
import dev.switchboard.capture.pcap.NotACaptureException;
import dev.switchboard.capture.pcap.PcapFormatException;
import dev.switchboard.capture.pcap.PcapReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A node's capture file turned into the events the sidecar would have sent, streamed to a sink as
 * they are made (a file of any size costs the memory of its open connections, not of its events).
 * At the end of the file every open lookup and connection is finished and reported. A damaged file
 * keeps every event before the damage, says where it stopped and ends with a
 * {@code Lost("damaged_file")}; frames of link types that are
 * not decoded are counted per type, so they can be named. Caller's thread.
 */
public final class PcapReplay {
  private static final long TICK_NANOS = 100_000_000L;

  /**
   * How a file was read.
   *
   * @param stoppedBy why reading ended early, or null when the file was read to its end
   * @param notDecoded frames skipped because their link type is not decoded, by link-type number
   */
  public record Summary(long frames, String stoppedBy, Map<Integer, Long> notDecoded) {
    /** One line: how many packets, what was not decoded, where the file stopped. */
    public String text(String file) {
      StringBuilder s = new StringBuilder("replayed " + frames + " packets of " + file);
      notDecoded.forEach((code, n) -> s.append("; ").append(LinkTypeNames.describe(code))
          .append(": not decoded, ").append(n).append(n == 1 ? " packet" : " packets")
          .append(" skipped"));
      if (stoppedBy != null) {
        s.append("; the file is damaged, reading stopped: ").append(stoppedBy)
            .append(" (every packet before it was read)");
      }
      return s.toString();
    }
  }

  /** A whole file's events in memory, for tests and small files. */
  public record Result(List<Event> events, Summary summary) {
    public long frames() {
      return summary.frames();
    }

    public String stoppedBy() {
      return summary.stoppedBy();
    }
  }

  private PcapReplay() {}

  /**
   * Reads the file, handing each event to {@code sink} in order.
   *
   * @throws NotACaptureException when the file is not a capture at all (nothing was read)
   */
  public static Summary stream(InputStream in, String node, FlowObserver.Settings settings,
      Consumer<Event> sink) throws IOException, NotACaptureException {
    return stream(in, node, settings, sink, null);
  }

  /**
   * Reads the file, handing each event to {@code sink} and each decoded frame, cut to its headers
   * and DNS message, to {@code packets} (null: none) before the events it leads to.
   */
  public static Summary stream(InputStream in, String node, FlowObserver.Settings settings,
      Consumer<Event> sink, FlowObserver.PacketSink packets)
      throws IOException, NotACaptureException {
    FlowObserver observer = new FlowObserver(node, settings, sink);
    if (packets != null) {
      observer.keepPackets(packets);
    }
    Map<Integer, Long> notDecoded = new TreeMap<>();
    long frames = 0;
    long last = 0;
    String stopped = null;
    long nextTick = Long.MIN_VALUE;
    PcapReader reader = new PcapReader(in);
    try (reader) {
      CapturedFrame f;
      while ((f = reader.next()) != null) {
        frames++;
        last = Math.max(last, f.timestampNanos());
        if (f.linkType() == null) {
          notDecoded.merge(f.linkCode(), 1L, Long::sum);
        }
        observer.frame(f.data(), f.originalLength(), f.linkType(), f.timestampNanos(),
            f.interfaceName());
        if (f.timestampNanos() >= nextTick) {
          observer.tick(f.timestampNanos());
          nextTick = f.timestampNanos() + TICK_NANOS;
        }
      }
    } catch (PcapFormatException e) {
      stopped = e.getMessage();
    }
    observer.flush();
    if (stopped != null) {
      sink.accept(new Lost(last, node, "damaged_file", 1, last, last));
    }
    return new Summary(frames, stopped, notDecoded);
  }

  /** Every event of the file, collected. */
  public static Result replay(InputStream in, String node, FlowObserver.Settings settings)
      throws IOException, NotACaptureException {
    List<Event> events = new ArrayList<>();
    Summary s = stream(in, node, settings, events::add);
    return new Result(events, s);
  }
}
