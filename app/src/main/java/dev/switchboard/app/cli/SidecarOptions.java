package dev.switchboard.app.cli;

import dev.switchboard.app.link.kube.DiscoveredSidecars;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Which sidecars to follow, as {@code trace}, {@code record} and the desktop window take them:
 * either given ({@code --sidecar URL}, repeatable, with {@code --token-file F}), or found through
 * the API server of the cluster the command reads ({@code --kubeconfig}/{@code --context}; the
 * sidecars' namespace with {@code --sidecar-namespace}), their token read from their Secret.
 * Immutable; any thread.
 *
 * @param cluster where to find the sidecars; null when they are given by URL
 * @param namespace the sidecars' namespace when found; null when given by URL
 */
public record SidecarOptions(List<URI> urls, String token, SourceOptions cluster,
    String namespace) {
  static final List<String> VALUE_OPTIONS = List.of("--sidecar", "--token-file",
      "--sidecar-namespace");

  /** Sidecars given by URL, with their token. */
  public SidecarOptions(List<URI> urls, String token) {
    this(urls, token, null, null);
  }

  /**
   * The sidecars given by URL; else, on a live cluster and with no capture file, the sidecars
   * found through its API server; else null.
   */
  public static SidecarOptions from(Args args) throws UsageException, IOException {
    List<URI> urls = new ArrayList<>();
    for (String url : args.all("--sidecar")) {
      urls.add(uri(url));
    }
    if (urls.isEmpty()) {
      if (args.has("--pcap") || args.has("--dump")) {
        return null;
      }
      return new SidecarOptions(List.of(), null, SourceOptions.from(args),
          args.get("--sidecar-namespace", DiscoveredSidecars.DEFAULT_NAMESPACE));
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

  /** Whether the sidecars are found through the API server rather than given by URL. */
  public boolean discovers() {
    return cluster != null;
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
