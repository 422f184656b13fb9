package dev.switchboard.app.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.switchboard.app.cluster.ClusterSource;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.SourceStatus;
import dev.switchboard.app.cluster.kube.KubeconfigException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code graph [--kubeconfig F] [--context C] [-n NS] [--dump FILE] [--timeout SECONDS]
 * --format json}: prints the cluster graph once synced (contract in docs/cli.md). Runs on the
 * main thread.
 */
final class GraphCommand {
  static final String HELP = """
      Usage: switchboard graph [--dump FILE | --kubeconfig FILE] [--context NAME] [-n NAMESPACE]
                               [--timeout SECONDS] [--format json]
      Prints nodes, pods and Services (ports, endpoints, diagnostics) as one JSON object once
      the cluster is synced. Without --dump it connects like kubectl: --kubeconfig, else
      $KUBECONFIG, else ~/.kube/config; the context's current-context unless --context.
      """;

  private GraphCommand() {}

  static int run(List<String> argv, Map<String, String> env, PrintStream out, PrintStream err)
      throws UsageException {
    Set<String> valued = new HashSet<>(SourceOptions.VALUE_OPTIONS);
    valued.add("--format");
    valued.add("--timeout");
    Args args = Args.parse(argv, valued, Set.of("--help"), SourceOptions.ALIASES);
    if (args.has("--help")) {
      out.print(HELP);
      return 0;
    }
    if (!args.positional().isEmpty()) {
      throw new UsageException("unexpected argument " + args.positional().get(0));
    }
    if (!"json".equals(args.get("--format", "json"))) {
      throw new UsageException("--format supports json only");
    }
    Duration timeout = Duration.ofSeconds(parseSeconds(args.get("--timeout", "60")));
    SourceOptions options = SourceOptions.from(args);
    ClusterStore store = new ClusterStore();
    ClusterSource source;
    try {
      source = options.open(store, env);
    } catch (KubeconfigException e) {
      err.println("switchboard: " + e.getMessage());
      return 1;
    }
    try (source) {
      source.start();
      boolean synced;
      try {
        synced = source.awaitSynced(timeout);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return 1;
      }
      SourceStatus status = source.status();
      if (!synced) {
        err.println("switchboard: " + (status.phase() == SourceStatus.Phase.FAILED
            ? status.headline() : "not synced after " + timeout.toSeconds() + " s: "
            + status.headline()));
        return 1;
      }
      String namespace = options.live() ? null : options.namespace();
      JsonObject graph = GraphJson.of(store.snapshot(), namespace);
      out.println(new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting()
          .create().toJson(graph));
      return 0;
    }
  }

  private static long parseSeconds(String value) throws UsageException {
    try {
      long s = Long.parseLong(value);
      if (s <= 0) {
        throw new NumberFormatException();
      }
      return s;
    } catch (NumberFormatException e) {
      throw new UsageException("--timeout takes a positive number of seconds, not " + value);
    }
  }
}
