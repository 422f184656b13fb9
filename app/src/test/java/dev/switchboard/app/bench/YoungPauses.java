package dev.switchboard.app.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The collector's young pauses over 50 ms, read from this JVM's {@code -Xlog:gc:file=} log, by
 * phase: the pinger sees a pause only while it pings, and one that strikes between phases (the
 * first collection after a sync copies what the sync handed over) belongs in the figures too.
 */
final class YoungPauses {
  private static final Pattern PAUSE =
      Pattern.compile("^\\[(\\d+\\.\\d+)s\\].*Pause Young.* (\\d+\\.\\d+)ms$");

  private YoungPauses() {}

  /**
   * Prints each phase's young pauses over 50 ms; phase i runs from bounds[i] to bounds[i + 1]
   * (JVM uptime, s).
   */
  static void report(double[] bounds, String[] phases) throws java.io.IOException {
    Path log = logFile();
    if (log == null || !Files.exists(log)) {
      System.out.println("no -Xlog:gc:file= log: young pauses not listed");
      return;
    }
    List<String> lines = Files.readAllLines(log);
    for (int i = 0; i < phases.length; i++) {
      StringBuilder over = new StringBuilder();
      double longest = 0;
      for (String line : lines) {
        Matcher m = PAUSE.matcher(line);
        if (!m.matches()) {
          continue;
        }
        double at = Double.parseDouble(m.group(1));
        double ms = Double.parseDouble(m.group(2));
        if (at >= bounds[i] && at < bounds[i + 1]) {
          longest = Math.max(longest, ms);
          if (ms > 50) {
            over.append(String.format(" %.1f s: %.0f ms;", at, ms));
          }
        }
      }
      System.out.printf("young pauses, %s (%.1f–%.1f s): longest %.0f ms; over 50 ms:%s%n",
          phases[i], bounds[i], bounds[i + 1], longest, over.length() == 0 ? " none" : over);
    }
  }

  private static Path logFile() {
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-Xlog:gc:file=")) {
        return Path.of(arg.substring("-Xlog:gc:file=".length()));
      }
    }
    return null;
  }
}
