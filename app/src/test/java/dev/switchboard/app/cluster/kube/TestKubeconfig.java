package dev.switchboard.app.cluster.kube;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A kubeconfig file pointing at a test API server with a bearer token. */
public final class TestKubeconfig {
  private TestKubeconfig() {}

  public static Path write(Path file, String serverUrl, String token) throws IOException {
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        current-context: lab
        clusters: [{name: lab, cluster: {server: "%s"}}]
        contexts: [{name: lab, context: {cluster: lab, user: tester}}]
        users: [{name: tester, user: {token: "%s"}}]
        """.formatted(serverUrl, token));
    return file;
  }

  public static Path temp(String serverUrl) throws IOException {
    return write(Files.createTempFile("kubeconfig", ""), serverUrl, "t");
  }
}
