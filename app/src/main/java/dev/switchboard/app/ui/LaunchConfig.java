package dev.switchboard.app.ui;

import dev.switchboard.app.cli.SourceOptions;
import dev.switchboard.app.ui.theme.Theme;

/**
 * What the window opens with: a source (null = the bundled demo) and a theme. Immutable; any
 * thread.
 */
public record LaunchConfig(SourceOptions source, Theme theme) {

  public static LaunchConfig demo() {
    return new LaunchConfig(null, Theme.LIGHT);
  }
}
