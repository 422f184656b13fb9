package dev.switchboard.app.ui.theme;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the -sb-* colour tokens out of a theme's CSS, so the canvas draws with exactly the
 * colours the controls get from the same file. Pure; any thread.
 */
public final class ThemeTokens {
  private static final Pattern TOKEN = Pattern.compile("(-sb-[a-z0-9-]+)\\s*:\\s*(#[0-9a-fA-F]{6})\\s*;");

  private ThemeTokens() {}

  public static Map<String, String> parse(String css) {
    Map<String, String> tokens = new HashMap<>();
    Matcher m = TOKEN.matcher(css);
    while (m.find()) {
      tokens.put(m.group(1), m.group(2));
    }
    return tokens;
  }

  public static Map<String, String> of(Theme theme) {
    try (InputStream in = ThemeTokens.class.getResourceAsStream(theme.resource())) {
      if (in == null) {
        throw new IllegalStateException("theme resource missing: " + theme.resource());
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
