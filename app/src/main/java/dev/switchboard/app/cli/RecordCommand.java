package dev.switchboard.app.cli;

import dev.switchboard.app.cluster.ClusterSource;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.link.EventIntake;
import dev.switchboard.app.link.EventSource;
import dev.switchboard.app.session.SessionRecorder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code record [--dump F | --kubeconfig F [--context C] [-n NS]] (--sidecar URL … --token-file F
 * | --pcap [NODE=]FILE … [--rules [NODE=]FILE …]) [--duration D] --out FILE}: records the cluster
 * and everything the sources deliver into a session file until the duration ends, the files are
 * read or the run is interrupted (Ctrl-C still closes a valid file). Main thread waits; the
 * sources and the recorder have their own.
 */
final class RecordCommand {
  static final String HELP = """
      Usage: switchboard record [--dump FILE | --kubeconfig FILE [--context NAME] [-n NAMESPACE]]
                                [--sidecar-namespace NS | --sidecar URL [--sidecar URL …]
                                 --token-file FILE | --pcap [NODE=]FILE … [--rules [NODE=]FILE …]]
                                [--duration 10m] [--timeout SECONDS] [--no-packets]
                                --out FILE.sbsession
      Records a session: the cluster as it is when recording starts and every change after it,
      every event of the node sidecars (found through a live cluster's API server unless
      --sidecar names one; or of capture files with their saved kube-proxy rules),
      link states and losses. The file is written in checksummed blocks at least every second,
      so a crash or a cut leaves a readable session. Ends when --duration has passed, the files
      are read, or on Ctrl-C. The packets are kept too, cut to their headers and DNS messages
      (for `export --pcapng`); --no-packets leaves them out. Open it with
      `desktop --session FILE` or `replay FILE`.
      """;

  private RecordCommand() {}

  static int run(List<String> argv, Map<String, String> env, PrintStream out, PrintStream err)
      throws UsageException {
    List<String> own = new ArrayList<>(TraceCommand.withDuration(FollowOptions.VALUE_OPTIONS));
    own.add("--out");
    Args args = JsonCommandArgs.parse(argv, own, List.of("--no-packets"));
    if (args == null) {
      out.print(HELP);
      return 0;
    }
    String outFile = args.get("--out");
    if (outFile == null) {
      throw new UsageException("--out FILE is required: where the session is written");
    }
    long nanos = FollowOptions.durationNanos(args);
    FollowOptions follow = FollowOptions.from(args, err);
    if (follow == null) {
      return SourceOutcomes.EXIT_UNREADABLE;
    }
    Duration timeout = Duration.ofSeconds(ClusterSync.parseSeconds(args.get("--timeout", "60")));
    ClusterStore store = new ClusterStore();
    SourceOptions cluster = SourceOptions.from(args);
    ClusterSource source = ClusterSync.start(cluster, store, env, timeout, err);
    if (source == null) {
      return SourceOutcomes.EXIT_UNREADABLE;
    }
    SessionRecorder recorder;
    List<EventSource> sources = new ArrayList<>();
    try (source) {
      try {
        recorder = SessionRecorder.start(Path.of(outFile), Cli.APP, source.name(),
            follow.describe(), !follow.onlyFiles());
      } catch (IOException e) {
        err.println("switchboard: cannot write the session " + outFile + ": " + e.getMessage());
        return SourceOutcomes.EXIT_UNREADABLE;
      }
      recorder.recordCluster(store);
      CountDownLatch done = new CountDownLatch(1);
      SourceOutcomes outcomes = new SourceOutcomes(err,
          follow.onlyFiles() ? follow.captures().size() : 0, done::countDown);
      sources.addAll(follow.sources(recorder.intake(EventIntake.NOWHERE),
          recorder.links(outcomes), !args.has("--no-packets")));
      Thread interrupted = new Thread(() -> finish(sources, recorder, "interrupted", err),
          "record-stop");
      Runtime.getRuntime().addShutdownHook(interrupted);
      sources.forEach(EventSource::start);
      try {
        done.await(nanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      TraceCommand.removeHook(interrupted);
      if (!finish(sources, recorder, follow.onlyFiles() ? "files read" : "duration", err)) {
        return SourceOutcomes.EXIT_UNREADABLE;
      }
      return outcomes.exitCode();
    }
  }

  /** Stops the sources and closes the file; false when it could not be written. */
  private static synchronized boolean finish(List<EventSource> sources, SessionRecorder recorder,
      String reason, PrintStream err) {
    sources.forEach(EventSource::close);
    try {
      recorder.close(reason);
    } catch (IOException e) {
      err.println("switchboard: the session " + recorder.path() + " could not be written: "
          + e.getMessage());
      return false;
    }
    err.printf("switchboard: recorded %,d events, %,d packets and %,d cluster changes in %,d bytes"
        + " to %s%n", recorder.events(), recorder.packets(), recorder.changes(), recorder.bytes(),
        recorder.path());
    return true;
  }
}
