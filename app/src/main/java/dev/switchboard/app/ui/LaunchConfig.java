package dev.switchboard.app.ui;

import dev.switchboard.app.cli.CaptureOptions;
import dev.switchboard.app.cli.SidecarOptions;
import dev.switchboard.app.cli.SourceOptions;
import dev.switchboard.app.ui.theme.Theme;
import java.nio.file.Path;
import java.util.List;

/**
 * What the window opens with: a source (null = the bundled demo), a theme, the sidecars to
 * follow (null = none), capture files to replay, or a session to play on the timeline.
 * Immutable; any thread.
 *
 * @param session a session file to play; null for none
 * @param autoplay the session plays at once and loops (the bundled demo)
 * @param lesson a lesson to teach on its session (then {@code session} is its recording); null
 *     for none
 */
public record LaunchConfig(SourceOptions source, Theme theme, SidecarOptions sidecars,
    List<CaptureOptions> captures, Path session, boolean autoplay,
    dev.switchboard.app.lesson.Lesson lesson) {

  public LaunchConfig(SourceOptions source, Theme theme, SidecarOptions sidecars,
      List<CaptureOptions> captures, Path session, boolean autoplay) {
    this(source, theme, sidecars, captures, session, autoplay, null);
  }

  /** A lesson, taught on its recording. */
  public static LaunchConfig lesson(dev.switchboard.app.lesson.Lesson lesson, Theme theme) {
    return new LaunchConfig(null, theme, null, List.of(), lesson.session(), false, lesson);
  }

  public LaunchConfig(SourceOptions source, Theme theme, SidecarOptions sidecars,
      List<CaptureOptions> captures) {
    this(source, theme, sidecars, captures, null, false);
  }

  public LaunchConfig(SourceOptions source, Theme theme) {
    this(source, theme, null, List.of());
  }

  /** Whether the window shows connections (a flow table, traffic on the picture). */
  public boolean followsTraffic() {
    return sidecars != null || !captures.isEmpty() || session != null;
  }

  public static LaunchConfig demo() {
    return new LaunchConfig(null, Theme.LIGHT);
  }
}
