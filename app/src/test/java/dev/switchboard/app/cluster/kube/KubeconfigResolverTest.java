package dev.switchboard.app.cluster.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigResolverTest {
  @TempDir Path tmp;

  private Path write(String name, String text) throws Exception {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private static String config(String current, String context, String cluster, String server,
      String extra) {
    return """
        apiVersion: v1
        kind: Config
        %s
        clusters:
        - name: %s
          cluster:
            server: %s
            %s
        contexts:
        - name: %s
          context:
            cluster: %s
            user: u-%s
            namespace: team-%s
        users:
        - name: u-%s
          user:
            token: t
        """.formatted(current == null ? "" : "current-context: " + current, cluster, server, extra,
        context, cluster, context, context, context);
  }

  @Test
  void mergesKubeconfigListFirstDefinitionWins() throws Exception {
    Path a = write("a", config(null, "alpha", "c1", "https://a:6443", ""));
    Path b = write("b", config("beta", "beta", "c1", "https://b:6443", ""));
    String list = a + File.pathSeparator + tmp.resolve("missing") + File.pathSeparator + b;
    KubeTarget t = new KubeconfigResolver(Map.of("KUBECONFIG", list)).resolve(null, null);
    assertEquals("beta", t.context(), "current-context comes from the first file that sets it");
    assertEquals("https://a:6443", t.server(), "cluster c1 was defined first by file a");
    assertEquals(List.of("alpha", "beta"), t.contexts());
    assertEquals("team-beta", t.contextNamespace());
    assertEquals(List.of(a, b), t.files());
  }

  @Test
  void explicitContextAndHomeDefault() throws Exception {
    write("home/.kube/config", config("alpha", "alpha", "c1", "https://h:6443", ""));
    KubeTarget t = new KubeconfigResolver(Map.of("HOME", tmp.resolve("home").toString()))
        .resolve(null, "alpha");
    assertEquals("https://h:6443", t.server());
  }

  @Test
  void relativeCertificatePathsResolveAgainstTheirFile() throws Exception {
    Path f = write("dir/config", config("alpha", "alpha", "c1", "https://h:6443",
        "certificate-authority: certs/ca.crt"));
    KubeTarget t = new KubeconfigResolver(Map.of()).resolve(f, null);
    assertEquals(tmp.resolve("dir/certs/ca.crt").toString(), t.config().getCertificateAuthorityFile());
  }

  @Test
  void plainErrors() throws Exception {
    KubeconfigResolver r = new KubeconfigResolver(Map.of("HOME", tmp.toString()));
    assertEquals("kubeconfig not found: " + tmp.resolve("nope"),
        assertThrows(KubeconfigException.class, () -> r.resolve(tmp.resolve("nope"), null)).getMessage());
    assertTrue(assertThrows(KubeconfigException.class, () -> r.resolve(null, null)).getMessage()
        .startsWith("no kubeconfig found (looked at " + tmp.resolve(".kube/config")));
    Path broken = write("broken", "clusters: [\n  - name: x\n  cluster: {");
    assertTrue(assertThrows(KubeconfigException.class, () -> r.resolve(broken, null)).getMessage()
        .startsWith("kubeconfig " + broken + " is not valid YAML:"));
    Path ok = write("ok", config("alpha", "alpha", "c1", "https://h:6443", ""));
    assertEquals("context \"prod\" not found in kubeconfig (available: alpha)",
        assertThrows(KubeconfigException.class, () -> r.resolve(ok, "prod")).getMessage());
    Path noCurrent = write("nc", config(null, "alpha", "c1", "https://h:6443", ""));
    assertEquals("kubeconfig has no current-context; pass --context (available: alpha)",
        assertThrows(KubeconfigException.class, () -> r.resolve(noCurrent, null)).getMessage());
    Path noServer = write("ns", config("alpha", "alpha", "c1", "\"\"", ""));
    assertEquals("cluster \"c1\" has no server address",
        assertThrows(KubeconfigException.class, () -> r.resolve(noServer, null)).getMessage());
    Path scalar = write("scalar", "just a string");
    assertTrue(assertThrows(KubeconfigException.class, () -> r.resolve(scalar, null)).getMessage()
        .contains("is not a kubeconfig"));
  }
}
