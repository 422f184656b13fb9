package dev.switchboard.app.cli;

import dev.switchboard.app.cluster.ClusterSource;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.Interner;
import dev.switchboard.app.cluster.kube.DumpSource;
import dev.switchboard.app.cluster.kube.KubeClients;
import dev.switchboard.app.cluster.kube.KubeProjection;
import dev.switchboard.app.cluster.kube.KubeTarget;
import dev.switchboard.app.cluster.kube.KubeconfigException;
import dev.switchboard.app.cluster.kube.KubeconfigResolver;
import dev.switchboard.app.cluster.kube.LiveCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Where the cluster comes from, as the CLI and the desktop window take it: {@code --dump FILE},
 * or a kubeconfig ({@code --kubeconfig F}, {@code --context C}) like kubectl, optionally scoped
 * with {@code -n NS}. Any thread.
 */
public record SourceOptions(Path dump, Path kubeconfig, String context, String namespace) {
  static final Set<String> VALUE_OPTIONS = Set.of("--dump", "--kubeconfig", "--context",
      "--namespace");
  static final Map<String, String> ALIASES = Map.of("-n", "--namespace");

  public static SourceOptions from(Args args) {
    return new SourceOptions(path(args.get("--dump")), path(args.get("--kubeconfig")),
        args.get("--context"), args.get("--namespace"));
  }

  private static Path path(String value) {
    return value == null ? null : Path.of(value);
  }

  public boolean live() {
    return dump == null;
  }

  /** Builds (does not start) the source that fills {@code store}. */
  public ClusterSource open(ClusterStore store, Map<String, String> env) throws KubeconfigException {
    KubeProjection projection = new KubeProjection(new Interner());
    if (dump != null) {
      long taken = modified(dump);
      return new DumpSource(dump.getFileName().toString(), () -> Files.newInputStream(dump), taken,
          store, projection);
    }
    KubeTarget target = new KubeconfigResolver(env).resolve(kubeconfig, context);
    return new LiveCluster(KubeClients.forTarget(target), target.context(), target.server(),
        namespace, store, projection, System::currentTimeMillis);
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return System.currentTimeMillis();
    }
  }
}
