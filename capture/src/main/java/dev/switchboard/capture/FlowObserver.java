package dev.switchboard.capture;

import dev.switchboard.capture.conn.ConnectionTracker;
import dev.switchboard.capture.dns.DnsFormatException;
import dev.switchboard.capture.dns.DnsParser;
import dev.switchboard.capture.dns.DnsTracker;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.event.PacketCaptured;
import dev.switchboard.capture.packet.DecodeStats;
import dev.switchboard.capture.packet.LinkType;
import dev.switchboard.capture.packet.Packet;
import dev.switchboard.capture.packet.PacketDecoder;
import dev.switchboard.capture.packet.Protocol;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Captured frames in, events out: decodes headers, parses DNS, follows connections and lookups.
 * Frames that cannot be decoded and DNS messages that cannot be parsed are counted and reported
 * as Lost("undecodable") on the next {@link #tick}, never thrown. Single-threaded: the sidecar's
 * processing thread, or a pcap import.
 */
public final class FlowObserver {
  /** Timing knobs; defaults suit a node (SYN timeout 10 s, DNS timeout 5 s, walk gap 1 s). */
  public record Settings(long synTimeoutNanos, long dnsTimeoutNanos, long dnsGapNanos,
      int maxConnections) {
    public static final Settings DEFAULT = new Settings(10_000_000_000L, 5_000_000_000L,
        1_000_000_000L, 1 << 20);
  }

  private final String node;
  private final Consumer<Event> sink;
  private final PacketDecoder decoder;
  private final ConnectionTracker connections;
  private final DnsTracker dns;
  private long undecodable;
  private long undecodableFrom;
  private long lastTimestamp;
  private long dnsErrors;
  private volatile PacketSink packets;

  public FlowObserver(String node, Settings settings, Consumer<Event> sink) {
    this(node, settings, sink, index -> "if" + index);
  }

  /** @param interfaceNames names interface indexes of frames captured on "any" */
  public FlowObserver(String node, Settings settings, Consumer<Event> sink,
      java.util.function.IntFunction<String> interfaceNames) {
    this.decoder = new PacketDecoder(interfaceNames);
    this.node = node;
    this.sink = sink;
    this.connections = new ConnectionTracker(node, sink, settings.synTimeoutNanos(),
        settings.maxConnections());
    this.dns = new DnsTracker(node, sink, settings.dnsTimeoutNanos(), settings.dnsGapNanos());
  }

  /**
   * @param data the frame as captured (possibly cut at the snap length)
   * @param originalLength its length on the wire
   */
  public void frame(byte[] data, int originalLength, LinkType link, long timestampNanos,
      String iface) {
    lastTimestamp = Math.max(lastTimestamp, timestampNanos);
    Packet p = link == null ? null
        : decoder.decode(data, data.length, link, timestampNanos, iface);
    if (p == null) {
      countUndecodable(timestampNanos);
      return;
    }
    PacketSink keep = packets;
    if (keep != null && keep.wanted()) {
      keep.accept(PacketCaptured.of(timestampNanos, node, iface == null ? p.interfaceName() : iface,
          link.code(), Math.max(originalLength, data.length),
          Arrays.copyOf(data, Math.min(data.length, decoder.headerLength()))));
    }
    packet(p);
  }

  /**
   * Hands every decoded frame, cut to its headers and DNS message, to {@code sink} (null: none),
   * before the events it leads to. Set from the observing thread, or before it starts.
   */
  public void keepPackets(PacketSink sink) {
    this.packets = sink;
  }

  /** Where kept packets go. */
  public interface PacketSink extends Consumer<PacketCaptured> {
    /** Whether packets are wanted now (asked before one is cut and copied). */
    default boolean wanted() {
      return true;
    }
  }

  public void packet(Packet p) {
    lastTimestamp = Math.max(lastTimestamp, p.timestampNanos());
    if (p.payload() != null && (p.srcPort() == 53 || p.dstPort() == 53)) {
      try {
        dns.accept(p, DnsParser.parse(p.payload()));
      } catch (DnsFormatException e) {
        dnsErrors++;
        countUndecodable(p.timestampNanos());
      }
    }
    if (p.protocol() == Protocol.TCP || p.protocol() == Protocol.ICMP) {
      connections.accept(p);
    }
  }

  /** A conntrack entry (from the conntrack tool), matched to the connection it translates. */
  public void conntrack(dev.switchboard.capture.conn.ConntrackEntry e, long nowNanos) {
    connections.conntrack(e, nowNanos);
  }

  private void countUndecodable(long ts) {
    if (undecodable == 0) {
      undecodableFrom = ts;
    }
    undecodable++;
  }

  /** Timeouts and loss reports, on the capture clock. */
  public void tick(long nowNanos) {
    connections.tick(nowNanos);
    dns.tick(nowNanos);
    if (undecodable > 0) {
      sink.accept(new Lost(nowNanos, node, "undecodable", undecodable, undecodableFrom, nowNanos));
      undecodable = 0;
    }
  }

  /** Ends what is still open: the end of a recording. */
  public void flush() {
    connections.flush(lastTimestamp);
    dns.flush(lastTimestamp);
    tick(lastTimestamp);
  }

  public DecodeStats decodeStats() {
    return decoder.stats();
  }

  public long dnsErrors() {
    return dnsErrors;
  }

  public long dnsQueries() {
    return dns.queryCount();
  }

  public long dnsResponses() {
    return dns.responseCount();
  }

  public int openConnections() {
    return connections.open();
  }
}
