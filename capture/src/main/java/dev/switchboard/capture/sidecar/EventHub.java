package dev.switchboard.capture.sidecar;

import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.wire.Envelope;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Numbers events, keeps a short backlog, and fans them out to subscribers. Publishing never
 * blocks: each subscriber has a bounded queue, and what does not fit is counted and delivered as
 * a Lost("client_queue") event once the reader catches up. Threads: {@link #publish} from the
 * processing thread (or any, it is synchronized); each subscriber is drained by its own HTTP
 * thread.
 */
public final class EventHub {
  private final String node;
  private final int backlogSize;
  private final int queueSize;
  private final ArrayDeque<Envelope> backlog = new ArrayDeque<>();
  private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
  private long seq;
  private final java.util.Map<String, Long> published = new java.util.TreeMap<>();

  public EventHub(String node, int backlogSize, int queueSize) {
    this.node = node;
    this.backlogSize = backlogSize;
    this.queueSize = queueSize;
  }

  /** One reader's view: the backlog it asked for, then live events. */
  public final class Subscription implements AutoCloseable {
    private final BlockingQueue<Envelope> queue = new ArrayBlockingQueue<>(queueSize);
    private long missed;
    private long missedFrom;
    private long missedTo;

    private void offer(Envelope e) {
      if (!queue.offer(e)) {
        synchronized (this) {
          if (missed == 0) {
            missedFrom = e.event().timestampNanos();
          }
          missed++;
          missedTo = e.event().timestampNanos();
        }
      }
    }

    /**
     * The next event, a Lost event when some were dropped for this reader, or null after the
     * timeout.
     */
    public Envelope next(long timeoutMillis) throws InterruptedException {
      synchronized (this) {
        if (missed > 0 && queue.isEmpty()) {
          Lost lost = new Lost(missedTo, node, "client_queue", missed, missedFrom, missedTo);
          missed = 0;
          return new Envelope(-1, lost);
        }
      }
      return queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      subscribers.remove(this);
    }
  }

  /** Subscribes; the backlog after {@code afterSeq} (-1: all of it) is queued first. */
  public synchronized Subscription subscribe(long afterSeq) {
    Subscription s = new Subscription();
    for (Envelope e : backlog) {
      if (e.seq() > afterSeq) {
        s.offer(e);
      }
    }
    subscribers.add(s);
    return s;
  }

  public synchronized Envelope publish(Event event) {
    Envelope e = new Envelope(++seq, event);
    published.merge("events." + dev.switchboard.capture.wire.EventCodec.typeOf(event), 1L, Long::sum);
    backlog.addLast(e);
    if (backlog.size() > backlogSize) {
      backlog.removeFirst();
    }
    for (Subscription s : subscribers) {
      s.offer(e);
    }
    return e;
  }

  /** Events published so far, by type ("events.open" …). */
  public synchronized java.util.Map<String, Long> publishedCounts() {
    return new java.util.TreeMap<>(published);
  }

  public synchronized long lastSeq() {
    return seq;
  }

  public int subscribers() {
    return subscribers.size();
  }

  public synchronized List<Envelope> backlog() {
    return new ArrayList<>(backlog);
  }
}
