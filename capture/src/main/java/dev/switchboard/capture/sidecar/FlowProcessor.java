package dev.switchboard.capture.sidecar;

import dev.switchboard.capture.FlowObserver;
import dev.switchboard.capture.event.Lost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The processing thread ("flow-processor"): drains captured frames in batches into the
 * {@link FlowObserver}, ticks its timeouts every {@link #TICK_MS} ms, and once a second turns
 * libpcap's kernel and interface drop counters and the capture queue's overflow into Lost events.
 */
final class FlowProcessor implements Runnable {
  static final int TICK_MS = 20;
  private static final int BATCH = 4096;

  private final String node;
  private final BlockingQueue<Frame> frames;
  private final AtomicLong queueDrops;
  private final FlowObserver observer;
  private final List<LiveCapture> captures;
  private final EventHub hub;
  private final AtomicLong processed = new AtomicLong();
  private final long[] lastKernel;
  private final long[] lastIface;
  private long lastQueueDrops;
  private long lastLossCheckNanos = System.nanoTime();
  private long lossWindowFrom = wallNanos();
  private volatile boolean running = true;
  private volatile java.util.Queue<dev.switchboard.capture.conn.ConntrackEntry> conntrack;
  private volatile java.util.function.LongSupplier conntrackOverflows = () -> 0;
  private long lastConntrackOverflows;

  FlowProcessor(String node, BlockingQueue<Frame> frames, AtomicLong queueDrops,
      FlowObserver observer, List<LiveCapture> captures, EventHub hub) {
    this.node = node;
    this.frames = frames;
    this.queueDrops = queueDrops;
    this.observer = observer;
    this.captures = captures;
    this.hub = hub;
    this.lastKernel = new long[captures.size()];
    this.lastIface = new long[captures.size()];
  }

  static long wallNanos() {
    java.time.Instant now = java.time.Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  @Override
  public void run() {
    List<Frame> batch = new ArrayList<>(BATCH);
    long nextTick = System.nanoTime();
    while (running) {
      try {
        Frame first = frames.poll(TICK_MS, TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          frames.drainTo(batch, BATCH - 1);
          for (Frame f : batch) {
            observer.frame(f.data(), f.originalLength(), f.link(), f.timestampNanos(), f.iface());
          }
          processed.addAndGet(batch.size());
          batch.clear();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      java.util.Queue<dev.switchboard.capture.conn.ConntrackEntry> ct = conntrack;
      if (ct != null) {
        dev.switchboard.capture.conn.ConntrackEntry e;
        while ((e = ct.poll()) != null) {
          observer.conntrack(e, wallNanos());
        }
      }
      if (System.nanoTime() >= nextTick) {
        observer.tick(wallNanos());
        nextTick = System.nanoTime() + TICK_MS * 1_000_000L;
      }
      if (System.nanoTime() - lastLossCheckNanos >= 1_000_000_000L) {
        reportLoss();
      }
    }
  }

  private void reportLoss() {
    long now = wallNanos();
    long kernel = 0;
    long iface = 0;
    for (int i = 0; i < captures.size(); i++) {
      long[] s = captures.get(i).stats();
      kernel += Math.max(0, s[1] - lastKernel[i]);
      iface += Math.max(0, s[2] - lastIface[i]);
      lastKernel[i] = s[1];
      lastIface[i] = s[2];
    }
    long q = queueDrops.get();
    long queue = q - lastQueueDrops;
    lastQueueDrops = q;
    if (kernel > 0) {
      hub.publish(new Lost(now, node, "kernel_drop", kernel, lossWindowFrom, now));
    }
    if (iface > 0) {
      hub.publish(new Lost(now, node, "interface_drop", iface, lossWindowFrom, now));
    }
    if (queue > 0) {
      hub.publish(new Lost(now, node, "capture_queue", queue, lossWindowFrom, now));
    }
    long overflows = conntrackOverflows.getAsLong();
    if (overflows > lastConntrackOverflows) {
      // the kernel does not say how many: a loss of unknown size (count 0)
      hub.publish(new Lost(now, node, "conntrack_overflow", 0, lossWindowFrom, now));
      lastConntrackOverflows = overflows;
    }
    lossWindowFrom = now;
    lastLossCheckNanos = System.nanoTime();
  }

  Map<String, Long> counters() {
    Map<String, Long> c = new TreeMap<>();
    long received = 0;
    long kernel = 0;
    long iface = 0;
    for (LiveCapture cap : captures) {
      long[] s = cap.stats();
      received += s[0];
      kernel += s[1];
      iface += s[2];
    }
    c.put("packetsReceived", received);
    c.put("kernelDrops", kernel);
    c.put("interfaceDrops", iface);
    c.put("captureQueueDrops", queueDrops.get());
    c.put("framesProcessed", processed.get());
    c.put("framesQueued", (long) frames.size());
    c.put("dnsQueries", observer.dnsQueries());
    c.put("dnsResponses", observer.dnsResponses());
    c.put("openConnections", (long) observer.openConnections());
    return c;
  }

  /** Entries from the conntrack tool, drained on this thread, and its overflows, reported. */
  void conntrack(ConntrackEvents events) {
    conntrackOverflows = events::overflows;
    conntrack = events.entries();
  }

  void stop() {
    running = false;
  }
}
