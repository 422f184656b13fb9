package dev.switchboard.capture.sidecar;

import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.wire.Envelope;
import dev.switchboard.capture.wire.EventCodec;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Numbers events, keeps them in one ring, and lets each subscriber read it at its own pace from
 * its own position. Publishing never blocks and costs the same however many readers there are. A
 * live hub keeps the last {@code backlogSize} events: a reader that falls further behind gets one
 * {@code Lost("client_queue")} for what was overwritten and carries on from the oldest kept. A
 * replay hub ({@link #keepingEverything}) keeps every event, so a reader that starts after the
 * replay still gets the whole file. Threads: {@link #publish} from the processing thread (or any:
 * it is synchronized on the hub); each subscriber is read by its own HTTP thread.
 */
public final class EventHub {
  private static final int INITIAL_RING = 1024;

  private final String node;
  private final boolean growing;
  private final AtomicInteger subscribers = new AtomicInteger();
  private volatile long lastLeftMillis = Long.MIN_VALUE / 2;
  private final Map<String, Long> published = new TreeMap<>();
  private Envelope[] ring;
  /** Sequence number of the oldest kept event; the newest is {@link #seq}. */
  private long first = 1;
  private long seq;
  private long firstEverNanos;

  public EventHub(String node, int backlogSize) {
    this(node, backlogSize, false);
  }

  private EventHub(String node, int backlogSize, boolean growing) {
    this.node = node;
    this.growing = growing;
    this.ring = new Envelope[growing ? INITIAL_RING : backlogSize];
  }

  /** A hub that keeps every event (a replayed file: bounded by the file, never overwritten). */
  public static EventHub keepingEverything(String node) {
    return new EventHub(node, Integer.MAX_VALUE, true);
  }

  /** One reader's position in the ring. */
  public final class Subscription implements AutoCloseable {
    private long next;
    private long lastNanos;

    private Subscription(long next) {
      this.next = next;
    }

    /**
     * The next event, a Lost event when some were overwritten before this reader got to them,
     * or null after the timeout.
     */
    public Envelope next(long timeoutMillis) throws InterruptedException {
      synchronized (EventHub.this) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (next > seq) {
          long wait = deadline - System.currentTimeMillis();
          if (wait <= 0) {
            return null;
          }
          EventHub.this.wait(wait);
        }
        if (next < first) {
          long missed = first - next;
          long to = at(first).event().timestampNanos();
          Lost lost = new Lost(to, node, "client_queue", missed,
              lastNanos > 0 ? lastNanos : firstEverNanos, to);
          next = first;
          return new Envelope(-1, lost);
        }
        Envelope e = at(next++);
        lastNanos = e.event().timestampNanos();
        return e;
      }
    }

    @Override
    public void close() {
      subscribers.decrementAndGet();
      lastLeftMillis = System.currentTimeMillis();
    }
  }

  /**
   * Subscribes after {@code afterSeq}; -1 starts at the oldest event kept (a live hub: at most
   * the last {@code backlogSize}).
   */
  public synchronized Subscription subscribe(long afterSeq) {
    subscribers.incrementAndGet();
    return new Subscription(Math.max(afterSeq + 1, first));
  }

  public synchronized Envelope publish(Event event) {
    if (seq == 0) {
      firstEverNanos = event.timestampNanos();
    }
    if (seq - first + 1 == ring.length) {
      if (growing) {
        grow();
      } else {
        first++;
      }
    }
    Envelope e = new Envelope(++seq, event);
    ring[(int) (seq % ring.length)] = e;
    published.merge("events." + EventCodec.typeOf(event), 1L, Long::sum);
    notifyAll();
    return e;
  }

  private Envelope at(long s) {
    return ring[(int) (s % ring.length)];
  }

  private void grow() {
    Envelope[] bigger = new Envelope[ring.length * 2];
    for (long s = first; s <= seq; s++) {
      bigger[(int) (s % bigger.length)] = at(s);
    }
    ring = bigger;
  }

  /** Events published so far, by type ("events.open" …). */
  public synchronized Map<String, Long> publishedCounts() {
    return new TreeMap<>(published);
  }

  public synchronized long lastSeq() {
    return seq;
  }

  public int subscribers() {
    return subscribers.get();
  }

  /** Whether a reader is subscribed, or one left less than {@code millis} ago. */
  public boolean readWithin(long millis) {
    return subscribers.get() > 0 || System.currentTimeMillis() - lastLeftMillis < millis;
  }
}
