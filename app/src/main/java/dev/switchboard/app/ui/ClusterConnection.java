package dev.switchboard.app.ui;

import dev.switchboard.app.cluster.ClusterSource;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.Interner;
import dev.switchboard.app.cluster.SourceStatus;
import dev.switchboard.app.cluster.kube.DumpSource;
import dev.switchboard.app.cluster.kube.KubeProjection;
import dev.switchboard.app.cluster.kube.KubeconfigException;
import java.io.FileNotFoundException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The source the window shows and the store it fills; switching closes the old one. The
 * source's own threads do the work; this class is used from the FX thread.
 */
final class ClusterConnection implements AutoCloseable {
  private final Map<String, String> env;
  private ClusterStore store = new ClusterStore();
  private ClusterSource source;
  private String failure;

  ClusterConnection(Map<String, String> env) {
    this.env = env;
  }

  /** Opens a choice; returns the new store to draw. */
  ClusterStore open(SourceChoice choice) {
    close();
    store = new ClusterStore();
    failure = null;
    try {
      source = choice.options() == null ? demo(store) : choice.options().open(store, env);
      source.start();
    } catch (KubeconfigException e) {
      source = null;
      failure = e.getMessage();
    }
    return store;
  }

  private static ClusterSource demo(ClusterStore store) {
    return new DumpSource("service-demo (bundled)", () -> {
      InputStream in = ClusterConnection.class.getResourceAsStream(SourceChoice.DEMO_RESOURCE);
      if (in == null) {
        throw new FileNotFoundException("bundled demo missing: " + SourceChoice.DEMO_RESOURCE);
      }
      return in;
    }, System.currentTimeMillis(), store, new KubeProjection(new Interner()));
  }

  SourceStatus status() {
    if (failure != null) {
      return new SourceStatus(SourceStatus.Phase.FAILED, failure, List.of());
    }
    return source == null ? new SourceStatus(SourceStatus.Phase.CONNECTING, "", List.of())
        : source.status();
  }

  ClusterStore store() {
    return store;
  }

  @Override
  public void close() {
    if (source != null) {
      ClusterSource s = source;
      source = null;
      Thread t = new Thread(s::close, "cluster-source-close");
      t.setDaemon(true);
      t.start();
    }
  }
}
