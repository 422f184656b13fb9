package dev.switchboard.app.cli;

import dev.switchboard.app.export.ExportException;
import dev.switchboard.app.export.ExportRange;
import dev.switchboard.app.export.PcapngExport;
import dev.switchboard.app.export.ReportExport;
import dev.switchboard.app.ui.report.OffscreenPictures;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code export SESSION --pcapng OUT [--from T] [--to T] [--trace ID …]}: a session's packets as
 * pcapng, with the cluster's names and a comment per packet naming its trace and stage;
 * {@code export SESSION --report OUT.html|OUT.md}: a walkthrough of its bookmarks. Main thread
 * (a report's pictures are drawn on the FX thread).
 */
final class ExportCommand {
  static final String HELP = """
      Usage: switchboard export SESSION --pcapng OUT.pcapng [--from T] [--to T] [--trace ID …]
             switchboard export SESSION --report OUT.html|OUT.md

      --pcapng writes the packets a session kept (headers and DNS messages) as pcapng for Wireshark:
      one interface per node and capture interface, the names of pod, Service and node
      addresses, and a comment on each packet naming its trace and stage ("trace node1-2:
      SYN to VIP 10.96.3.7:80 (shop/api)", "trace node1-2: after DNAT → shop/api-2
      10.244.0.32:8080: SYN"). --from and --to are offsets on the session's timeline as the
      window shows them (0:07.250, 1:30) or with a unit (90s, 2m, 500ms), or times
      (2026-11-22T08:34:45Z). --trace keeps only the packets of those traces (the ids
      `replay SESSION` prints).

      --report writes a walkthrough of the session's bookmarks, in time order: each with its
      note and time, a picture of the cluster at that moment, the connections around it (client,
      name, Service, rule and chance, backend, outcome, evidence), the cluster and rule changes
      around it with kube-proxy's lag, and the losses. .html is one self-contained page; .md
      puts its pictures in OUT-pictures/ beside it. The pictures are drawn like the window, so
      this needs a display (or Xvfb).

      Nothing is left behind when an export fails.
      """;

  private ExportCommand() {}

  static int run(List<String> argv, PrintStream out, PrintStream err) throws UsageException {
    Args args = Args.parse(argv, Set.of("--pcapng", "--report", "--from", "--to", "--trace"),
        Set.of("--help"), Map.of());
    if (args.has("--help")) {
      out.print(HELP);
      return 0;
    }
    if (args.positional().size() != 1) {
      throw new UsageException("name one session file");
    }
    if (args.has("--pcapng") == args.has("--report")) {
      throw new UsageException("say what to export: --pcapng OUT or --report OUT.html|OUT.md");
    }
    Path session = Path.of(args.positional().get(0));
    if (args.has("--report")) {
      for (String packetsOnly : List.of("--from", "--to", "--trace")) {
        if (args.has(packetsOnly)) {
          throw new UsageException(packetsOnly + " is for --pcapng; a report follows the bookmarks");
        }
      }
      return report(session, Path.of(args.get("--report")), err);
    }
    Path target = Path.of(args.get("--pcapng"));
    ExportRange.Bound from = args.has("--from") ? bound(args.get("--from")) : null;
    ExportRange.Bound to = args.has("--to") ? bound(args.get("--to")) : null;
    if (from != null && to != null && from.offset() == to.offset() && from.nanos() > to.nanos()) {
      throw new UsageException("--from is after --to");
    }
    Set<String> traces = new HashSet<>(args.all("--trace"));
    return outcome(session, err, () -> {
      PcapngExport.Result r = PcapngExport.write(session, target,
          new ExportRange(from, to, traces), Cli.APP);
      err.printf("switchboard: wrote %,d packets (%,d not part of a traced connection) on %d"
          + " interfaces with %,d names to %s%n", r.packets(), r.untraced(), r.interfaces(),
          r.names(), target);
      return r.damage();
    });
  }

  private static int report(Path session, Path target, PrintStream err) throws UsageException {
    if (!ReportExport.isReport(target)) {
      throw new UsageException("a report is written as .html or .md, not " + target.getFileName());
    }
    return outcome(session, err, () -> {
      try (OffscreenPictures pictures = OffscreenPictures.open(session)) {
        ReportExport.Result r = ReportExport.write(session, target, pictures, Cli.APP);
        err.printf("switchboard: wrote a walkthrough of %s (%,d connections around them) to %s%n",
            ReportExport.bookmarks(r.sections()), r.connections(), target);
        return r.damage();
      }
    });
  }

  /** An export; returns where a damaged session stopped, or null. */
  private interface Export {
    String run() throws ExportException;
  }

  /** 0; 3 when the session was damaged (its good part exported); 1 when nothing was written. */
  private static int outcome(Path session, PrintStream err, Export export) {
    try {
      String damage = export.run();
      if (damage != null) {
        err.println("switchboard: " + session + ": " + damage);
        return SourceOutcomes.EXIT_PARTIAL;
      }
      return 0;
    } catch (ExportException e) {
      err.println("switchboard: " + e.getMessage());
      return SourceOutcomes.EXIT_UNREADABLE;
    }
  }

  /** An offset on the timeline (0:07.250, 90s) or a time (2026-11-22T08:34:45Z). */
  static ExportRange.Bound bound(String text) throws UsageException {
    ExportRange.Bound b = ExportRange.Bound.parse(text);
    if (b != null) {
      return b;
    }
    if (text.contains("T")) {
      throw new UsageException("not a time: " + text + " (e.g. 2026-11-22T08:34:45Z)");
    }
    return new ExportRange.Bound(DurationText.parse(text).toNanos(), true);
  }
}
