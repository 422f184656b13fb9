package dev.switchboard.capture.sidecar;

import dev.switchboard.capture.packet.LinkType;
import java.sql.Timestamp;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.pcap4j.core.BpfProgram.BpfCompileMode;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapHandle.TimestampPrecision;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * libpcap on one device through pcap4j's loop (measured here to keep up with ~300k packets/s,
 * where getNextPacket dropped most). The kernel filter keeps DNS, TCP SYN/FIN/RST and ICMP
 * unreachable; immediate mode delivers each packet at once. The capture thread only copies bytes
 * and a timestamp into the processor's bounded queue; a full queue is counted, never waited on.
 * Threads: one "capture-DEVICE" thread; stats read from the processor thread.
 */
final class LiveCapture implements AutoCloseable {
  /** DNS and TCP control packets, plus ICMP(v6) unreachable (how REJECT answers). */
  static final String FILTER = "udp port 53 or tcp port 53"
      + " or (ip and tcp[tcpflags] & (tcp-syn|tcp-fin|tcp-rst) != 0)"
      + " or (ip6 and ip6[6] == 6 and ip6[53] & 7 != 0)"
      + " or (ip and icmp[icmptype] == icmp-unreach)"
      + " or (ip6 and ip6[6] == 58 and ip6[40] == 1)";

  /** DLT_LINUX_SLL2, which pcap4j 1.8 has no constant for. */
  private static final int LINUX_SLL2 = 276;

  private final String device;
  private final PcapHandle handle;
  private final LinkType link;
  private final BlockingQueue<Frame> queue;
  private final AtomicLong queueDrops;
  private Thread thread;

  /** The filter, leaving out the sidecar's own API traffic on {@code ownPort}. */
  static String filter(int ownPort) {
    return "(" + FILTER + ") and not (tcp port " + ownPort + ")";
  }

  /** @param bufferBytes libpcap's kernel ring; bursts beyond it are kernel drops */
  LiveCapture(String device, int snaplen, int bufferBytes, String filter,
      BlockingQueue<Frame> queue, AtomicLong queueDrops) throws PcapNativeException, NotOpenException {
    this.device = device;
    this.queue = queue;
    this.queueDrops = queueDrops;
    PcapHandle.Builder b = new PcapHandle.Builder(device).snaplen(snaplen)
        .promiscuousMode(PromiscuousMode.NONPROMISCUOUS).timeoutMillis(50).bufferSize(bufferBytes)
        .immediateMode(true);
    PcapHandle h;
    try {
      h = b.timestampPrecision(TimestampPrecision.NANO).build();
    } catch (PcapNativeException e) {
      h = new PcapHandle.Builder(device).snaplen(snaplen)
          .promiscuousMode(PromiscuousMode.NONPROMISCUOUS).timeoutMillis(50).bufferSize(bufferBytes)
          .immediateMode(true).build();
    }
    this.handle = h;
    if ("any".equals(device)) {
      preferCookedV2(handle);
    }
    handle.setFilter(filter, BpfCompileMode.OPTIMIZE);
    this.link = LinkType.of(handle.getDlt().value());
  }

  /**
   * On "any", libpcap defaults to Linux cooked v1, which does not say which interface a packet
   * crossed; v2 (libpcap ≥ 1.10) carries the interface index, which names the veth or uplink
   * of each observation and tells the two copies of a translated SYN apart.
   */
  private static void preferCookedV2(PcapHandle handle) throws NotOpenException {
    try {
      if (handle.listDatalinks().stream().anyMatch(d -> d.value() == LINUX_SLL2)) {
        handle.setDlt(DataLinkType.getInstance(LINUX_SLL2));
      }
    } catch (PcapNativeException e) {
      // an older libpcap: frames stay cooked v1 and are marked as seen on "any"
    }
  }

  LinkType link() {
    return link;
  }

  void start() {
    thread = new Thread(this::loop, "capture-" + device);
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    // Cooked v2 frames name their interface; other frames are named after the device.
    String iface = link == LinkType.LINUX_SLL2 ? null : device;
    try {
      handle.loop(-1, (byte[] bytes) -> {
        Timestamp ts = handle.getTimestamp();
        long nanos = (ts.getTime() / 1000) * 1_000_000_000L + ts.getNanos();
        Integer original = handle.getOriginalLength();
        if (!queue.offer(new Frame(bytes, link, nanos, iface,
            original == null ? bytes.length : original))) {
          queueDrops.incrementAndGet();
        }
      });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (PcapNativeException | NotOpenException e) {
      // closed under us: the sidecar is stopping
    }
  }

  /** {received, kernel drops, interface drops}, cumulative. */
  long[] stats() {
    try {
      PcapStat s = handle.getStats();
      return new long[] {s.getNumPacketsReceived(), s.getNumPacketsDropped(),
          s.getNumPacketsDroppedByIf()};
    } catch (PcapNativeException | NotOpenException e) {
      return new long[] {0, 0, 0};
    }
  }

  String device() {
    return device;
  }

  @Override
  public void close() {
    try {
      handle.breakLoop();
    } catch (NotOpenException e) {
      // already closed
    }
    handle.close();
  }
}
