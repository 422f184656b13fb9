package dev.switchboard.app;

import dev.switchboard.app.cli.Cli;
import dev.switchboard.app.ui.DesktopLauncher;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point. Deliberately not a JavaFX Application: on the class path JavaFX refuses to start
 * a main class that extends Application. No arguments (or "desktop ...") opens the window; any
 * other first argument is a headless command.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    List<String> argv = Arrays.asList(args);
    if (argv.isEmpty() || argv.get(0).equals("desktop")) {
      DesktopLauncher.launch(argv.isEmpty() ? argv : argv.subList(1, argv.size()));
      return;
    }
    System.exit(Cli.run(argv, System.getenv(), System.out, System.err));
  }
}
