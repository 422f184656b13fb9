package dev.switchboard.app.ui;

import dev.switchboard.app.cli.CaptureOptions;
import dev.switchboard.app.cli.SidecarOptions;
import dev.switchboard.app.cli.SourceOptions;
import dev.switchboard.app.ui.theme.Theme;
import java.util.List;

/**
 * What the window opens with: a source (null = the bundled demo), a theme, the sidecars to
 * follow (null = none) and capture files to replay. Immutable; any thread.
 */
public record LaunchConfig(SourceOptions source, Theme theme, SidecarOptions sidecars,
    List<CaptureOptions> captures) {

  public LaunchConfig(SourceOptions source, Theme theme) {
    this(source, theme, null, List.of());
  }

  /** Whether the window shows connections (a flow table, traffic on the picture). */
  public boolean followsTraffic() {
    return sidecars != null || !captures.isEmpty();
  }

  public static LaunchConfig demo() {
    return new LaunchConfig(null, Theme.LIGHT);
  }
}
