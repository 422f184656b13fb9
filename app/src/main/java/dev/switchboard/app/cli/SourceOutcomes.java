package dev.switchboard.app.cli;

import dev.switchboard.app.link.LinkStatus;
import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * How a command's event sources fared, from the states they report: each is printed on stderr,
 * the run ends once every file has ended (files only), and the exit code says whether everything
 * was read (0), nothing could be (1) or a source stopped early after giving events (3). Statuses
 * from source threads; the rest from the command's thread.
 */
final class SourceOutcomes implements Consumer<LinkStatus> {
  static final int EXIT_UNREADABLE = 1;
  static final int EXIT_PARTIAL = 3;

  private final Set<String> everStreamed = ConcurrentHashMap.newKeySet();
  private final Set<String> ended = ConcurrentHashMap.newKeySet();
  private final Set<String> failed = ConcurrentHashMap.newKeySet();
  private final PrintStream err;
  private final int files;
  private final Runnable allFilesEnded;

  /**
   * @param files how many sources are files, 0 when any is live (a live run ends otherwise)
   * @param allFilesEnded called once every file has ended
   */
  SourceOutcomes(PrintStream err, int files, Runnable allFilesEnded) {
    this.err = err;
    this.files = files;
    this.allFilesEnded = allFilesEnded;
  }

  @Override
  public void accept(LinkStatus s) {
    if (s.state() == LinkStatus.LinkState.STREAMING) {
      everStreamed.add(s.url());
    }
    if (s.state() == LinkStatus.LinkState.FAILED) {
      failed.add(s.url());
    }
    if (s.state() == LinkStatus.LinkState.CLOSED || s.state() == LinkStatus.LinkState.FAILED) {
      ended.add(s.url());
      if (files > 0 && ended.size() == files) {
        allFilesEnded.run();
      }
    }
    err.println("switchboard: " + s.message());
  }

  /** The exit code, with a line on stderr when no source gave anything. */
  int exitCode() {
    if (everStreamed.isEmpty()) {
      err.println("switchboard: no sidecar or capture file gave any events");
      return EXIT_UNREADABLE;
    }
    if (failed.stream().anyMatch(url -> !everStreamed.contains(url))) {
      return EXIT_UNREADABLE;
    }
    return failed.isEmpty() ? 0 : EXIT_PARTIAL;
  }
}
