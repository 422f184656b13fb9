package dev.switchboard.app.cluster.kube;

import dev.switchboard.app.cluster.ClusterSource;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.SourceStatus;
import dev.switchboard.app.cluster.SourceStatus.Phase;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A cluster dump (file or bundled resource) loaded once on a thread of its own
 * ("cluster-dump-loader"); the status says what was loaded and what was skipped.
 */
public final class DumpSource implements ClusterSource {
  /** Opens the dump's bytes; called once on the loader thread. */
  @FunctionalInterface
  public interface Opener {
    InputStream open() throws IOException;
  }

  private final String name;
  private final Opener opener;
  private final long takenAtMillis;
  private final ClusterStore store;
  private final ClusterDumpLoader loader;
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile SourceStatus status;

  public DumpSource(String name, Opener opener, long takenAtMillis, ClusterStore store,
      KubeProjection projection) {
    this.name = name;
    this.opener = opener;
    this.takenAtMillis = takenAtMillis;
    this.store = store;
    this.loader = new ClusterDumpLoader(projection);
    this.status = new SourceStatus(Phase.CONNECTING, "Reading " + name + "…", List.of());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void start() {
    Thread t = new Thread(this::load, "cluster-dump-loader");
    t.setDaemon(true);
    t.start();
  }

  private void load() {
    try (InputStream in = opener.open()) {
      DumpReport report = loader.load(in, name, store, takenAtMillis);
      List<String> details = new ArrayList<>();
      report.loaded().forEach((kind, n) -> details.add(n + " " + kind));
      report.ignored().forEach((kind, n) -> details.add(n + " " + kind + " not drawn"));
      details.addAll(report.problems());
      String headline = "Cluster dump " + name + (report.problems().isEmpty() ? ""
          : " (" + report.problems().size() + " item(s) unreadable, see details)");
      status = new SourceStatus(Phase.OFFLINE, headline, List.copyOf(details));
    } catch (ClusterDumpException e) {
      status = new SourceStatus(Phase.FAILED, e.getMessage(), List.of());
    } catch (IOException e) {
      status = new SourceStatus(Phase.FAILED, "cannot read " + name + ": " + e.getMessage(), List.of());
    } finally {
      done.countDown();
    }
  }

  @Override
  public SourceStatus status() {
    return status;
  }

  @Override
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && status.phase() == Phase.OFFLINE;
  }

  @Override
  public void close() {
    // nothing held open once loaded
  }
}
