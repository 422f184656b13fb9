package dev.switchboard.app.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.session.SessionFormatException;
import dev.switchboard.app.session.SessionReader;
import dev.switchboard.app.session.SessionReplay;
import dev.switchboard.app.trace.ClusterLookups;
import dev.switchboard.app.trace.Correlator;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code replay FILE [--format json]}: a session's connections as {@code trace --format json}
 * prints them, correlated again from the recorded events and cluster, in the recording's order —
 * the same file gives the same bytes every time. Main thread.
 */
final class ReplayCommand {
  static final String HELP = """
      Usage: switchboard replay FILE.sbsession [--format json]
      Prints every connection of a recorded session as one JSON line (the schema of trace
      --format json), correlated from the recorded events and cluster state. Deterministic: the
      same file gives the same output on any machine. A damaged or cut session gives what came
      before the damage and says where it is (exit code 3).
      """;

  private ReplayCommand() {}

  static int run(List<String> argv, PrintStream out, PrintStream err) throws UsageException {
    Args args = Args.parse(argv, Set.of("--format"), Set.of("--help"), java.util.Map.of());
    if (args.has("--help")) {
      out.print(HELP);
      return 0;
    }
    if (args.positional().size() != 1) {
      throw new UsageException("name one session file");
    }
    if (!"json".equals(args.get("--format", "json"))) {
      throw new UsageException("--format supports json only");
    }
    Path file = Path.of(args.positional().get(0));
    Gson gson = new GsonBuilder().disableHtmlEscaping().create();
    ClusterStore store = new ClusterStore();
    Correlator correlator = new Correlator(ClusterLookups.of(store), Correlator.HOLD_NANOS,
        t -> out.println(gson.toJson(TraceJson.of(t))));
    SessionReplay.Summary s;
    try (InputStream in = Files.newInputStream(file)) {
      s = SessionReplay.run(new SessionReader(in), store, correlator);
    } catch (SessionFormatException | IOException e) {
      err.println("switchboard: cannot read the session " + file + ": " + e.getMessage());
      return SourceOutcomes.EXIT_UNREADABLE;
    }
    out.flush();
    err.println("switchboard: " + correlator.stats().snapshot());
    if (s.damage() != null) {
      err.println("switchboard: " + file + ": " + s.damage());
      return SourceOutcomes.EXIT_PARTIAL;
    }
    return 0;
  }
}
