package dev.switchboard.app.cluster.kube;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig file pointing at a test API server with a bearer token. */
public final class TestKubeconfig {
  private TestKubeconfig() {}

  public static Path write(Path file, String serverUrl, String token) throws IOException {
    return write(file, serverUrl, token, null);
  }

  /** @param ca the server's certificate authority file; null for none (plain http) */
  public static Path write(Path file, String serverUrl, String token, Path ca)
      throws IOException {
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        current-context: lab
        clusters: [{name: lab, cluster: {server: "%s"%s}}]
        contexts: [{name: lab, context: {cluster: lab, user: tester}}]
        users: [{name: tester, user: {token: "%s"}}]
        """.formatted(serverUrl, ca == null ? "" : ", certificate-authority: \"" + ca + "\"",
        token));
    return file;
  }

  public static Path temp(String serverUrl) throws IOException {
    return write(Files.createTempFile("kubeconfig", ""), serverUrl, "t");
  }
}
