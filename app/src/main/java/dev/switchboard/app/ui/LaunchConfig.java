package dev.switchboard.app.ui;

import dev.switchboard.app.cli.SidecarOptions;
import dev.switchboard.app.cli.SourceOptions;
import dev.switchboard.app.ui.theme.Theme;

/**
 * What the window opens with: a source (null = the bundled demo), a theme, and the sidecars to
 * follow (null = none). Immutable; any thread.
 */
public record LaunchConfig(SourceOptions source, Theme theme, SidecarOptions sidecars) {

  public LaunchConfig(SourceOptions source, Theme theme) {
    this(source, theme, null);
  }

  public static LaunchConfig demo() {
    return new LaunchConfig(null, Theme.LIGHT);
  }
}
