package dev.switchboard.app.ui;

import dev.switchboard.app.cli.Args;
import dev.switchboard.app.cli.CaptureOptions;
import dev.switchboard.app.cli.SidecarOptions;
import dev.switchboard.app.cli.SourceOptions;
import dev.switchboard.app.cli.UsageException;
import dev.switchboard.app.ui.theme.Theme;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.application.Application;

/**
 * Starts the JavaFX runtime with the window's options ({@code [--dump FILE | --kubeconfig F]
 * [--context C] [-n NS] [--theme light|dark|projector] [--sidecar URL … --token-file F]
 * [--pcap [NODE=]FILE … [--rules [NODE=]FILE]] | --session FILE | --lesson NAME|FILE}). Kept apart from the
 * Application class so
 * the launcher can run from the class path. Main thread.
 */
public final class DesktopLauncher {
  private DesktopLauncher() {}

  public static void launch(List<String> argv) {
    LaunchConfig config;
    try {
      config = parse(argv);
    } catch (UsageException | IllegalArgumentException
        | dev.switchboard.app.lesson.LessonFormatException e) {
      System.err.println("switchboard: " + e.getMessage() + " (see: switchboard --help)");
      System.exit(2);
      return;
    } catch (IOException e) {
      System.err.println("switchboard: " + e.getMessage());
      System.exit(1);
      return;
    }
    SwitchboardApp.configure(config);
    Application.launch(SwitchboardApp.class);
  }

  static LaunchConfig parse(List<String> argv) throws UsageException, IOException,
      dev.switchboard.app.lesson.LessonFormatException {
    Set<String> valued = new HashSet<>(Set.of("--dump", "--kubeconfig", "--context", "--namespace",
        "--theme", "--sidecar", "--token-file", "--sidecar-namespace", "--pcap", "--rules",
        "--session", "--lesson"));
    Args args = Args.parse(argv, valued, Set.of(), Map.of("-n", "--namespace"));
    Theme theme = Theme.parse(args.get("--theme", "light"));
    if (args.has("--lesson")) {
      if (argv.stream().anyMatch(a -> a.startsWith("--") && !a.equals("--lesson")
          && !a.equals("--theme"))) {
        throw new UsageException("--lesson teaches on its own recording: it takes only --theme");
      }
      return LaunchConfig.lesson(new dev.switchboard.app.lesson.LessonCatalog(System.getenv())
          .open(args.get("--lesson")), theme);
    }
    boolean any = args.has("--dump") || args.has("--kubeconfig") || args.has("--context");
    if (!any && !args.has("--session") && !args.has("--sidecar") && !args.has("--pcap")) {
      // Nothing named: the bundled demo, a real recording that plays and loops.
      java.nio.file.Path demo = BundledDemo.session(System.getenv());
      if (demo != null) {
        return new LaunchConfig(null, theme, null, java.util.List.of(), demo, true);
      }
    }
    if (args.has("--session")) {
      if (any || args.has("--sidecar") || args.has("--pcap")) {
        throw new UsageException("--session plays a recording: it takes no cluster, sidecar or"
            + " capture options (it has its own)");
      }
      java.nio.file.Path session = java.nio.file.Path.of(args.get("--session"));
      if (!java.nio.file.Files.isReadable(session) || java.nio.file.Files.isDirectory(session)) {
        throw new IOException("cannot read the session " + session);
      }
      return new LaunchConfig(null, theme, null, java.util.List.of(), session, false);
    }
    return new LaunchConfig(any ? SourceOptions.from(args) : null, theme,
        SidecarOptions.from(args), CaptureOptions.from(args));
  }
}
