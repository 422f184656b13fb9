package dev.switchboard.app.trace;

import dev.switchboard.app.link.LinkStatus;
import dev.switchboard.app.link.SidecarLink;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live traces for a window: links to the sidecars, one correlation thread, and a bounded
 * hand-over of finished traces that the UI drains on its own cadence (never one callback per
 * trace). Traces the UI did not drain in time are dropped and counted. Threads: "sidecar-link"
 * threads and the "correlation" thread write; any one thread (the FX thread) drains and reads.
 */
public final class TraceFeed implements AutoCloseable {
  static final int PENDING = 10_000;
  private static final long HOLD_NANOS = 1_000_000_000L;

  private final List<SidecarLink> links = new ArrayList<>();
  private final Map<String, LinkStatus> statuses = new ConcurrentHashMap<>();
  private final ArrayDeque<ConnectionTrace> pending = new ArrayDeque<>();
  private final CorrelationLoop loop;
  private final Correlator correlator;
  private final Thread thread;
  private volatile Map<String, Long> stats = Map.of();
  private long undrawn;

  public TraceFeed(ClusterLookups cluster, List<URI> sidecars, String token) {
    correlator = new Correlator(cluster, HOLD_NANOS, this::finished);
    loop = new CorrelationLoop(65_536, correlator);
    loop.onTick(() -> stats = correlator.stats().snapshot());
    for (URI uri : sidecars) {
      links.add(new SidecarLink(uri, token, loop::offer, s -> statuses.put(s.url(), s)));
    }
    thread = new Thread(() -> {
      try {
        loop.runFor(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "correlation");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
    links.forEach(SidecarLink::start);
  }

  private synchronized void finished(ConnectionTrace t) {
    if (pending.size() >= PENDING) {
      pending.pollFirst();
      undrawn++;
    }
    pending.addLast(t);
  }

  /** The traces finished since the last call, oldest first, at most {@code max}. */
  public synchronized List<ConnectionTrace> drain(int max) {
    List<ConnectionTrace> out = new ArrayList<>(Math.min(max, pending.size()));
    while (!pending.isEmpty() && out.size() < max) {
      out.add(pending.pollFirst());
    }
    return out;
  }

  /** Each link's latest state, by URL. */
  public Map<String, LinkStatus> links() {
    return new TreeMap<>(statuses);
  }

  /** The correlator's counters and losses (as of its last tick) plus traces never drawn. */
  public synchronized Map<String, Long> stats() {
    Map<String, Long> m = new TreeMap<>(stats);
    m.put("undrawn", undrawn);
    return m;
  }

  @Override
  public void close() {
    links.forEach(SidecarLink::close);
    loop.stop();
  }
}
