package dev.switchboard.app.trace;

import dev.switchboard.app.link.EventIntake;
import dev.switchboard.app.link.EventSource;
import dev.switchboard.app.link.LinkStatus;
import dev.switchboard.capture.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live traces for a window: event sources (sidecar links, capture files), one correlation
 * thread, and a bounded hand-over of finished traces that the UI drains on its own cadence
 * (never one callback per trace). Traces the UI did not drain in time are dropped and counted.
 * Threads: source threads and the "correlation" thread write; one thread (the FX thread) adds
 * sources, drains and reads.
 */
public final class TraceFeed implements AutoCloseable {

  private final List<EventSource> sources = new ArrayList<>();
  private final Map<String, LinkStatus> statuses = new ConcurrentHashMap<>();
  private final Set<String> ended = ConcurrentHashMap.newKeySet();
  private final TraceHandOver handOver = new TraceHandOver();
  private final CorrelationLoop loop;
  private final Correlator correlator;
  private final Thread thread;
  private volatile Map<String, Long> stats = Map.of();
  private volatile EventIntake tap;
  private volatile java.util.function.Consumer<LinkStatus> statusTap;

  public TraceFeed(ClusterLookups cluster) {
    correlator = new Correlator(cluster, Correlator.HOLD_NANOS, handOver::finished);
    correlator.onProgress(handOver::underWay);
    loop = new CorrelationLoop(65_536, correlator);
    loop.onTick(() -> stats = correlator.stats().snapshot());
    thread = new Thread(() -> {
      try {
        loop.runFor(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "correlation");
    thread.setDaemon(true);
  }

  /** Where sources hand their events (any thread): to a tap first, when one is set. */
  public EventIntake intake() {
    return intake;
  }

  private final EventIntake intake = new EventIntake() {
    @Override
    public void offer(Event e) {
      EventIntake t = tap;
      if (t != null) {
        t.offer(e);
      }
      loop.offer(e);
    }

    @Override
    public void put(Event e) throws InterruptedException {
      EventIntake t = tap;
      if (t != null) {
        t.put(e);
      }
      loop.put(e);
    }
  };

  /**
   * Also hands every event and source state to {@code events} and {@code statuses} (a recording)
   * until called with nulls. Any thread.
   */
  public void tap(EventIntake events, java.util.function.Consumer<LinkStatus> statuses) {
    tap = events;
    statusTap = statuses;
  }

  /** The sources in words, for a recording's first record. */
  public List<String> describe() {
    return sources.stream().map(EventSource::toString).toList();
  }

  /**
   * Where sources report their state (any thread). Once every source has ended (files only:
   * live ones go on), what they left is finished.
   */
  public void status(LinkStatus s) {
    java.util.function.Consumer<LinkStatus> t = statusTap;
    if (t != null) {
      t.accept(s);
    }
    statuses.put(s.url(), s);
    if (s.state() == LinkStatus.LinkState.CLOSED || s.state() == LinkStatus.LinkState.FAILED) {
      ended.add(s.url());
      if (ended.size() == sources.size()) {
        loop.flushSoon();
      }
    }
  }

  /** Adds a source built with {@link #intake} and {@link #status}; started by {@link #start}. */
  public void add(EventSource source) {
    sources.add(source);
  }

  public void start() {
    loop.wallClock(sources.stream().anyMatch(EventSource::live));
    thread.start();
    sources.forEach(EventSource::start);
  }

  /** Connections seen under way (outcome "open") or just ended, since the last call. */
  public List<ConnectionTrace> drainUnderWay(int max) {
    return handOver.drainUnderWay(max);
  }

  /** The traces finished since the last call, oldest first, at most {@code max}. */
  public List<ConnectionTrace> drain(int max) {
    return handOver.drain(max);
  }

  /** Each source's latest state, by URL or file. */
  public Map<String, LinkStatus> links() {
    return new TreeMap<>(statuses);
  }

  /** The correlator's counters and losses (as of its last tick) plus traces never drawn. */
  public Map<String, Long> stats() {
    Map<String, Long> m = new TreeMap<>(stats);
    m.put("undrawn", handOver.undrawn());
    return m;
  }

  @Override
  public void close() {
    sources.forEach(EventSource::close);
    loop.stop();
  }
}
