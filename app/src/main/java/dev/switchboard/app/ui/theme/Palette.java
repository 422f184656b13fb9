package dev.switchboard.app.ui.theme;

import java.util.Map;
import javafx.scene.paint.Color;

/** The canvas's colours, resolved from one theme's tokens. Immutable; FX thread. */
public record Palette(
    Color background,
    Color text,
    Color textMuted,
    Color regionFill,
    Color regionBorder,
    Color cardFill,
    Color cardBorder,
    Color selection,
    Color ready,
    Color notReady,
    Color terminating,
    Color failed,
    Color pending,
    Color clusterIp,
    Color nodePort,
    Color loadBalancer,
    Color externalName,
    Color headless,
    Color error,
    Color warning,
    Color info) {

  public static Palette of(Theme theme) {
    Map<String, String> t = ThemeTokens.of(theme);
    return new Palette(c(t, "bg"), c(t, "text"), c(t, "text-muted"), c(t, "region-bg"),
        c(t, "region-border"), c(t, "card-bg"), c(t, "card-border"), c(t, "selection"),
        c(t, "ready"), c(t, "not-ready"), c(t, "terminating"), c(t, "failed"), c(t, "pending"),
        c(t, "type-clusterip"), c(t, "type-nodeport"), c(t, "type-loadbalancer"),
        c(t, "type-externalname"), c(t, "type-headless"), c(t, "error"), c(t, "warning"),
        c(t, "info"));
  }

  private static Color c(Map<String, String> tokens, String name) {
    String v = tokens.get("-sb-" + name);
    if (v == null) {
      throw new IllegalStateException("theme token -sb-" + name + " missing");
    }
    return Color.web(v);
  }
}
