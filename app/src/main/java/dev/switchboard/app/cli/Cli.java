package dev.switchboard.app.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Headless commands: dispatches on the first argument. Runs on the main thread. */
public final class Cli {
  static final String HELP = """
      Switchboard — see how Kubernetes Services really move traffic.

      Usage: java -jar switchboard-app.jar [COMMAND] [OPTIONS]

      Commands:
        (none)     open the desktop window on the bundled demo cluster
        desktop    open the desktop window: desktop [--dump FILE | --kubeconfig F --context C -n NS]
                   [--theme light|dark|projector] [--sidecar URL … --token-file F]
                   (without --sidecar or --pcap, a live cluster's sidecars are found)
        graph      print the cluster graph as JSON once synced (see graph --help)
        trace      follow node sidecars: one JSON line per connection (see trace --help); on a
                   live cluster they are found and reached through its API server
        install    put the node sidecars into the kubeconfig's cluster (install --help)
        uninstall  take them out again, leaving nothing behind
        record     record a session: cluster, sidecar events, links (see record --help)
        replay     a session's connections as JSON lines, as trace prints them (replay --help)
        export     a session's packets as pcapng for Wireshark, with names and a comment
                   per packet naming its trace and stage (export --help)
        lesson     the bundled lessons (lesson list), a lesson checked on its recording
                   (lesson check NAME); open one with desktop --lesson NAME
        --version  the version
        help       this text

      Documentation: docs/cli.md
      """;

  /** Who wrote a session: the app and its version ("dev" when run from classes). */
  public static final String APP = "switchboard " + java.util.Objects.requireNonNullElse(
      Cli.class.getPackage().getImplementationVersion(), "dev");

  private static final List<String> COMMANDS = List.of("graph", "trace", "record", "replay",
      "export", "lesson", "install", "uninstall");

  private Cli() {}

  /** Runs one headless command; returns the process exit code. */
  public static int run(List<String> argv, Map<String, String> env, PrintStream out,
      PrintStream err) {
    String command = argv.get(0);
    List<String> rest = argv.subList(1, argv.size());
    try {
      return switch (command) {
        case "graph" -> GraphCommand.run(rest, env, out, err);
        case "trace" -> TraceCommand.run(rest, env, out, err);
        case "record" -> RecordCommand.run(rest, env, out, err);
        case "replay" -> ReplayCommand.run(rest, out, err);
        case "export" -> ExportCommand.run(rest, out, err);
        case "lesson" -> LessonCommand.run(rest, env, out, err);
        case "install" -> InstallCommand.run(true, rest, env, out, err);
        case "uninstall" -> InstallCommand.run(false, rest, env, out, err);
        case "--version", "version" -> {
          out.println(APP);
          yield 0;
        }
        case "help", "--help", "-h" -> {
          out.print(HELP);
          yield 0;
        }
        default -> throw new UsageException("unknown command " + command);
      };
    } catch (UsageException e) {
      err.println("switchboard: " + e.getMessage() + " (see: switchboard "
          + (COMMANDS.contains(command) ? command + " " : "") + "--help)");
      return 2;
    }
  }
}
