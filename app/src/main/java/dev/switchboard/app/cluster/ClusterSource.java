package dev.switchboard.app.cluster;

import java.time.Duration;

/**
 * Something that fills a {@link ClusterStore}: a live cluster through informers, or a dump file.
 * {@link #start} returns at once; the source works on its own threads and reports through
 * {@link #status}, which any thread may poll.
 */
public interface ClusterSource extends AutoCloseable {

  /** A short name for the title bar: the context, or the file name. */
  String name();

  void start();

  SourceStatus status();

  /** Blocks until the first full sync (or failure); true when synced. */
  boolean awaitSynced(Duration timeout) throws InterruptedException;

  @Override
  void close();
}
