package dev.switchboard.app.cli;

import dev.switchboard.app.link.EventIntake;
import dev.switchboard.app.link.EventSource;
import dev.switchboard.app.link.LinkStatus;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a command follows: sidecars ({@code --sidecar URL … --token-file F}) and capture files
 * ({@code --pcap [NODE=]FILE … --rules [NODE=]FILE …}); at least one of them. Immutable; any
 * thread.
 *
 * @param sidecars null when none
 */
record FollowOptions(SidecarOptions sidecars, List<CaptureOptions> captures) {
  static final List<String> VALUE_OPTIONS = java.util.stream.Stream.concat(
      SidecarOptions.VALUE_OPTIONS.stream(), CaptureOptions.VALUE_OPTIONS.stream()).toList();

  /** The options given; an IOException names a file that cannot be read. */
  static FollowOptions from(Args args) throws UsageException, IOException {
    FollowOptions o = new FollowOptions(SidecarOptions.from(args), CaptureOptions.from(args));
    if (o.sidecars == null && o.captures.isEmpty()) {
      throw new UsageException("with --dump, name the traffic too: --sidecar URL (a sidecar"
          + " reached directly) or --pcap FILE; on a live cluster the sidecars are found"
          + " through its API server");
    }
    return o;
  }

  /**
   * The options given, or null after saying on {@code err} which file cannot be read (the
   * command then exits {@link SourceOutcomes#EXIT_UNREADABLE}).
   */
  static FollowOptions from(Args args, java.io.PrintStream err) throws UsageException {
    try {
      return from(args);
    } catch (IOException e) {
      err.println("switchboard: " + e.getMessage());
      return null;
    }
  }

  /** How long to run: {@code --duration}, else until the sources end or an interrupt. */
  static long durationNanos(Args args) throws UsageException {
    return args.has("--duration") ? DurationText.parse(args.get("--duration")).toNanos()
        : Long.MAX_VALUE;
  }

  /** Files only: the run ends when they are read, and their clock is their own. */
  boolean onlyFiles() {
    return sidecars == null;
  }

  /** The sources in words, as a recording names them. */
  List<String> describe() {
    return sources(EventIntake.NOWHERE, s -> { }).stream().map(Object::toString).toList();
  }

  List<EventSource> sources(EventIntake intake, Consumer<LinkStatus> status) {
    return sources(intake, status, false);
  }

  /** @param packets whether the sources hand over their packets too (a recording) */
  List<EventSource> sources(EventIntake intake, Consumer<LinkStatus> status, boolean packets) {
    return EventSources.of(sidecars, captures, intake, status, packets);
  }
}
