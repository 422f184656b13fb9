package dev.switchboard.app.cli;

import dev.switchboard.app.export.ExportException;
import dev.switchboard.app.export.ExportRange;
import dev.switchboard.app.export.PcapngExport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code export SESSION --pcapng OUT [--from T] [--to T] [--trace ID …]}: a session's packets as
 * pcapng, with the cluster's names and a comment per packet naming its trace and stage. Main
 * thread.
 */
final class ExportCommand {
  static final String HELP = """
      Usage: switchboard export SESSION --pcapng OUT.pcapng [--from T] [--to T] [--trace ID …]
      Writes the packets a session kept (headers and DNS messages) as pcapng for Wireshark:
      one interface per node and capture interface, the names of pod, Service and node
      addresses, and a comment on each packet naming its trace and stage ("trace node1-2:
      SYN to VIP 10.96.3.7:80 (shop/api)", "trace node1-2: after DNAT → shop/api-2
      10.244.0.32:8080: SYN"). --from and --to are offsets on the session's timeline as the
      window shows them (0:07.250, 1:30) or with a unit (90s, 2m, 500ms), or times
      (2026-11-22T08:34:45Z). --trace keeps only the packets of those traces (the ids
      `replay SESSION` prints). Nothing is left behind when the export fails.
      """;
  private static final Pattern CLOCK = Pattern.compile("(?:(\\d+):)?(\\d+):(\\d{2})(?:\\.(\\d{1,3}))?");

  private ExportCommand() {}

  static int run(List<String> argv, PrintStream out, PrintStream err) throws UsageException {
    Args args = Args.parse(argv, Set.of("--pcapng", "--from", "--to", "--trace"),
        Set.of("--help"), Map.of());
    if (args.has("--help")) {
      out.print(HELP);
      return 0;
    }
    if (args.positional().size() != 1) {
      throw new UsageException("name one session file");
    }
    if (!args.has("--pcapng")) {
      throw new UsageException("say what to export: --pcapng OUT");
    }
    Path session = Path.of(args.positional().get(0));
    Path target = Path.of(args.get("--pcapng"));
    ExportRange.Bound from = args.has("--from") ? bound(args.get("--from")) : null;
    ExportRange.Bound to = args.has("--to") ? bound(args.get("--to")) : null;
    if (from != null && to != null && from.offset() == to.offset() && from.nanos() > to.nanos()) {
      throw new UsageException("--from is after --to");
    }
    Set<String> traces = new HashSet<>(args.all("--trace"));
    try {
      PcapngExport.Result r = PcapngExport.write(session, target,
          new ExportRange(from, to, traces), Cli.APP);
      err.printf("switchboard: wrote %,d packets (%,d not part of a traced connection) on %d"
          + " interfaces with %,d names to %s%n", r.packets(), r.untraced(), r.interfaces(),
          r.names(), target);
      if (r.damage() != null) {
        err.println("switchboard: " + session + ": " + r.damage());
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
    Matcher m = CLOCK.matcher(text.trim());
    if (m.matches()) {
      long ms = ((m.group(1) == null ? 0 : Long.parseLong(m.group(1))) * 3600
          + Long.parseLong(m.group(2)) * 60 + Long.parseLong(m.group(3))) * 1000
          + (m.group(4) == null ? 0 : Long.parseLong((m.group(4) + "00").substring(0, 3)));
      return new ExportRange.Bound(ms * 1_000_000L, true);
    }
    if (text.contains("T")) {
      try {
        Instant i = Instant.parse(text.trim());
        return new ExportRange.Bound(i.getEpochSecond() * 1_000_000_000L + i.getNano(), false);
      } catch (DateTimeParseException e) {
        throw new UsageException("not a time: " + text + " (e.g. 2026-11-22T08:34:45Z)");
      }
    }
    return new ExportRange.Bound(DurationText.parse(text).toNanos(), true);
  }
}
