package dev.switchboard.app.session;

import dev.switchboard.app.cluster.ChangeKind;
import dev.switchboard.app.cluster.ClusterIndex;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.ClusterTap;
import dev.switchboard.app.link.EventIntake;
import dev.switchboard.app.link.LinkStatus;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.event.PacketCaptured;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Records what a window or the {@code record} command follows into a session file: the cluster
 * store's state and every change after it, every event its sources deliver and their link states,
 * in the order they arrive. Taps hand records to a bounded queue; one thread ("session-writer")
 * writes them, a block at least every second. Events from live sources never wait: what does not
 * fit is counted and recorded as {@code lost recorder_queue}; cluster changes and file events wait
 * for room. Threads: taps from any thread; {@link #close} from any thread, once.
 */
public final class SessionRecorder implements AutoCloseable {
  static final int QUEUE = 65_536;
  private static final long POLL_MS = 200;

  private final SessionWriter writer;
  private final Path path;
  private final BlockingQueue<SessionRecord> queue = new ArrayBlockingQueue<>(QUEUE);
  private final Thread thread;
  private final AtomicLong overflow = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong changes = new AtomicLong();
  private final AtomicLong packets = new AtomicLong();
  private volatile boolean closing;
  private boolean closed;
  private volatile IOException failure;
  private ClusterStore tapped;
  private ClusterTap tap;
  private long lastEventNanos;

  private final boolean live;

  private SessionRecorder(Path path, SessionWriter writer, boolean live) {
    this.path = path;
    this.writer = writer;
    this.live = live;
    this.thread = new Thread(this::writeUntilClosed, "session-writer");
    thread.setDaemon(true);
  }

  /**
   * Creates the file, writes its first record and starts writing.
   *
   * @param live whether the sources are live (the recording ends now) or files (it ends with
   *     their last event: their clock is the files')
   */
  public static SessionRecorder start(Path path, String app, String cluster, List<String> sources,
      boolean live) throws IOException {
    SessionWriter w = SessionWriter.create(path);
    w.write(new SessionRecord.Start(System.currentTimeMillis() * 1_000_000L,
        SessionFormat.VERSION, app, cluster, List.copyOf(sources)));
    w.flush();
    SessionRecorder r = new SessionRecorder(path, w, live);
    r.thread.start();
    return r;
  }

  /** Records the store's state now, then every change it applies until {@link #close}. */
  public void recordCluster(ClusterStore store) {
    tapped = store;
    tap = (kind, key, object, atMillis) -> {
      changes.incrementAndGet();
      enqueue(new SessionRecord.ClusterChange(atMillis * 1_000_000L, kind, key, object, false));
    };
    store.tap(this::snapshot, tap);
  }

  private void snapshot(ClusterIndex index) {
    long now = System.currentTimeMillis() * 1_000_000L;
    index.namespaces().forEach(o -> initial(now, ChangeKind.NAMESPACE, o.key(), o));
    index.nodes().forEach(o -> initial(now, ChangeKind.NODE, o.key(), o));
    index.services().forEach(o -> initial(now, ChangeKind.SERVICE, o.key(), o));
    index.slices().forEach(o -> initial(now, ChangeKind.ENDPOINT_SLICE, o.key(), o));
    index.pods().forEach(o -> initial(now, ChangeKind.POD, o.key(), o));
  }

  private void initial(long now, ChangeKind kind, dev.switchboard.app.cluster.ObjectKey key,
      Object o) {
    enqueue(new SessionRecord.ClusterChange(now, kind, key, o, true));
  }

  /**
   * Where sources hand their events: recorded first, then passed on to {@code next}. Packets are
   * only recorded (for export): nothing downstream reads them.
   */
  public EventIntake intake(EventIntake next) {
    return new EventIntake() {
      @Override
      public void offer(Event e) {
        if (queue.offer(new SessionRecord.EventRecord(e))) {
          counted(e);
        } else {
          overflow.incrementAndGet();
        }
        if (!(e instanceof PacketCaptured)) {
          next.offer(e);
        }
      }

      @Override
      public void put(Event e) throws InterruptedException {
        queue.put(new SessionRecord.EventRecord(e));
        counted(e);
        if (!(e instanceof PacketCaptured)) {
          next.put(e);
        }
      }
    };
  }

  private void counted(Event e) {
    (e instanceof PacketCaptured ? packets : events).incrementAndGet();
  }

  /** Where sources report their state: recorded, then passed on to {@code next}. */
  public Consumer<LinkStatus> links(Consumer<LinkStatus> next) {
    return s -> {
      enqueue(new SessionRecord.Link(System.currentTimeMillis() * 1_000_000L, s));
      next.accept(s);
    };
  }

  private void enqueue(SessionRecord r) {
    try {
      queue.put(r);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeUntilClosed() {
    try {
      while (!closing || !queue.isEmpty()) {
        SessionRecord r = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
        if (r != null) {
          if (r instanceof SessionRecord.EventRecord e) {
            lastEventNanos = Math.max(lastEventNanos, e.timestampNanos());
          }
          writer.write(r);
        }
        long lost = overflow.getAndSet(0);
        if (lost > 0) {
          writer.write(new SessionRecord.EventRecord(new Lost(lastEventNanos, "app",
              "recorder_queue", lost, lastEventNanos, lastEventNanos)));
        }
        writer.flushIfDue();
      }
    } catch (IOException e) {
      failure = e;
      queue.clear();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Events recorded so far. */
  public long events() {
    return events.get();
  }

  /** Packets recorded so far (cut to headers and DNS). */
  public long packets() {
    return packets.get();
  }

  /** Cluster changes recorded so far (the state at the start not counted). */
  public long changes() {
    return changes.get();
  }

  public Path path() {
    return path;
  }

  /** Bytes on disk so far (what the written blocks take). */
  public long bytes() {
    return writer.bytes();
  }

  /**
   * Stops taking records, writes what is queued and the end record, and closes the file.
   *
   * @throws IOException when the file could not be written (disk full, removed)
   */
  public synchronized void close(String reason) throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (tapped != null) {
      tapped.untap(tap);
    }
    closing = true;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
    long now = System.currentTimeMillis() * 1_000_000L;
    writer.write(new SessionRecord.End(live || lastEventNanos == 0 ? Math.max(now, lastEventNanos)
        : lastEventNanos, reason));
    writer.close();
  }

  @Override
  public void close() throws IOException {
    close("closed");
  }
}
