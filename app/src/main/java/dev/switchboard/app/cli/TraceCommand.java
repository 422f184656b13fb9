package dev.switchboard.app.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.switchboard.app.cluster.ClusterSource;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.link.EventSource;
import dev.switchboard.app.trace.ClusterLookups;
import dev.switchboard.app.trace.CorrelationLoop;
import dev.switchboard.app.trace.Correlator;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code trace [--dump FILE | --kubeconfig F [--context C] [-n NS]] (--sidecar URL… --token-file
 * F | --pcap [NODE=]FILE… [--rules [NODE=]FILE…]) [--duration D] --format json}: follows
 * sidecars or replays capture files and prints one JSON line per finished connection (contract
 * in docs/cli.md). The main thread is the correlation thread; each sidecar
 * link has its own.
 */
final class TraceCommand {
  static final String HELP = """
      Usage: switchboard trace [--dump FILE | --kubeconfig FILE [--context NAME] [-n NAMESPACE]]
                               [--sidecar-namespace NS | --sidecar URL [--sidecar URL …]
                                --token-file FILE | --pcap [NODE=]FILE … [--rules [NODE=]FILE …]]
                               [--duration 30s] [--timeout SECONDS] [--format json]
      Follows the node sidecars' event streams and prints, for every finished connection, one
      JSON line: client, DNS lookup, Service, kube-proxy's decision, backend pod and outcome,
      each stage with its evidence (observed, inferred, unknown). On a live cluster the
      sidecars are found through its API server (pods of switchboard-system, or
      --sidecar-namespace; port-forwards and the token Secret with the kubeconfig's rights).
      --sidecar takes one sidecar's URL instead (e.g. http://127.0.0.1:7443); --duration ends the run
      (ms, s, m, h; default: until interrupted). --pcap replays a node's capture file (tcpdump
      -i any, pcap or pcapng) with the kube-proxy rules saved with it (--rules: iptables-save,
      nft list table ip kube-proxy, or ipvsadm -Ln) and ends when the files are read. Link state
      and loss go to standard error. Exit codes: 0 every source read (or followed) to its
      end; 1 the cluster, a capture file or every sidecar could not be read; 2 wrong usage;
      3 a capture file was damaged partway or a source stopped on an internal error (every
      connection before it was printed).
      """;
  static final int QUEUE = 65_536;

  private TraceCommand() {}

  static int run(List<String> argv, Map<String, String> env, PrintStream out, PrintStream err)
      throws UsageException {
    Args args = JsonCommandArgs.parse(argv, withDuration(FollowOptions.VALUE_OPTIONS));
    if (args == null) {
      out.print(HELP);
      return 0;
    }
    long nanos = FollowOptions.durationNanos(args);
    FollowOptions follow = FollowOptions.from(args, err);
    if (follow == null) {
      return SourceOutcomes.EXIT_UNREADABLE;
    }
    Duration timeout = Duration.ofSeconds(ClusterSync.parseSeconds(args.get("--timeout", "60")));
    ClusterStore store = new ClusterStore();
    ClusterSource source = ClusterSync.start(SourceOptions.from(args), store, env, timeout, err);
    if (source == null) {
      return SourceOutcomes.EXIT_UNREADABLE;
    }
    Gson gson = new GsonBuilder().disableHtmlEscaping().create();
    Correlator correlator = new Correlator(ClusterLookups.of(store), Correlator.HOLD_NANOS,
        t -> out.println(gson.toJson(TraceJson.of(t))));
    CorrelationLoop loop = new CorrelationLoop(QUEUE, correlator);
    SourceOutcomes outcomes = new SourceOutcomes(err,
        follow.onlyFiles() ? follow.captures().size() : 0, loop::stop);
    List<EventSource> sources = follow.sources(loop, outcomes);
    loop.wallClock(!follow.onlyFiles());
    Thread interrupted = new Thread(loop::stop, "trace-stop");
    Runtime.getRuntime().addShutdownHook(interrupted);
    try (source) {
      sources.forEach(EventSource::start);
      loop.runFor(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      sources.forEach(EventSource::close);
      removeHook(interrupted);
    }
    out.flush();
    err.println("switchboard: " + correlator.stats().snapshot());
    return outcomes.exitCode();
  }

  static List<String> withDuration(List<String> options) {
    List<String> all = new java.util.ArrayList<>(options);
    all.add("--duration");
    return all;
  }

  static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is already stopping: the hook has run
    }
  }
}
