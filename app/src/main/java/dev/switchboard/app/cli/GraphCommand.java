package dev.switchboard.app.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.switchboard.app.cluster.ClusterSource;
import dev.switchboard.app.cluster.ClusterStore;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
    Args args = JsonCommandArgs.parse(argv, List.of());
    if (args == null) {
      out.print(HELP);
      return 0;
    }
    Duration timeout = Duration.ofSeconds(ClusterSync.parseSeconds(args.get("--timeout", "60")));
    SourceOptions options = SourceOptions.from(args);
    ClusterStore store = new ClusterStore();
    ClusterSource source = ClusterSync.start(options, store, env, timeout, err);
    if (source == null) {
      return 1;
    }
    try (source) {
      String namespace = options.live() ? null : options.namespace();
      JsonObject graph = GraphJson.of(store.snapshot(), namespace);
      out.println(new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting()
          .create().toJson(graph));
      return 0;
    }
  }
}
