package dev.switchboard.app.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which sidecars to follow and the token they want, as {@code trace} and the desktop window take
 * them: {@code --sidecar URL} (repeatable) and {@code --token-file F}. Immutable; any thread.
 */
public record SidecarOptions(List<URI> urls, String token) {
  static final List<String> VALUE_OPTIONS = List.of("--sidecar", "--token-file");

  /** Null when no --sidecar was given. */
  public static SidecarOptions from(Args args) throws UsageException, IOException {
    List<URI> urls = new ArrayList<>();
    for (String url : args.all("--sidecar")) {
      urls.add(uri(url));
    }
    if (urls.isEmpty()) {
      return null;
    }
    String file = args.get("--token-file");
    if (file == null) {
      throw new UsageException("--token-file is required with --sidecar: the sidecars' bearer"
          + " token");
    }
    String token;
    try {
      token = Files.readString(Path.of(file)).trim();
    } catch (IOException e) {
      throw new IOException("cannot read the token file " + file + ": " + e.getMessage(), e);
    }
    if (token.isEmpty()) {
      throw new IOException("the token file " + file + " is empty");
    }
    return new SidecarOptions(List.copyOf(urls), token);
  }

  private static URI uri(String url) throws UsageException {
    try {
      URI uri = new URI(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
          || uri.getHost() == null) {
        throw new URISyntaxException(url, "expected http://HOST:PORT");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new UsageException("--sidecar " + url + ": " + e.getReason());
    }
  }
}
