package dev.switchboard.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.switchboard.app.cluster.kube.ListWatchApiServer;
import dev.switchboard.app.cluster.kube.TestKubeconfig;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The headless contract of docs/cli.md, through {@link Cli#run} as main() calls it. */
class GraphCommandTest {
  @TempDir Path tmp;

  record Result(int code, String out, String err) {}

  static Result run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cli.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path fixture() throws Exception {
    Path p = tmp.resolve("cluster.yaml");
    try (InputStream in = getClass().getResourceAsStream("/fixtures/real-lab-1/cluster.yaml")) {
      Files.copy(in, p);
    }
    return p;
  }

  private static JsonObject service(JsonObject graph, String ns, String name) {
    for (var e : graph.getAsJsonArray("services")) {
      JsonObject s = e.getAsJsonObject();
      if (s.get("namespace").getAsString().equals(ns) && s.get("name").getAsString().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no service " + ns + "/" + name);
  }

  @Test
  void dumpToJsonFollowsTheContract() throws Exception {
    Result r = run(Map.of(), "graph", "--dump", fixture().toString(), "--format", "json");
    assertEquals(0, r.code(), r.err());
    JsonObject g = JsonParser.parseString(r.out()).getAsJsonObject();
    JsonObject node = g.getAsJsonArray("nodes").get(0).getAsJsonObject();
    assertEquals("node1", node.get("name").getAsString());
    assertEquals("10.244.0.0/24", node.get("podCIDR").getAsString());
    assertEquals(5, g.getAsJsonArray("pods").size());

    JsonObject web = service(g, "demo", "web");
    JsonObject port = web.getAsJsonArray("ports").get(0).getAsJsonObject();
    assertEquals("http", port.get("targetPort").getAsString(), "named targetPort as written");
    JsonArray eps = web.getAsJsonArray("endpoints");
    assertEquals(3, eps.size());
    assertEquals(8080, eps.get(0).getAsJsonObject().get("port").getAsInt(), "resolved number");
    assertEquals("web-1", eps.get(0).getAsJsonObject().get("podName").getAsString());

    JsonObject np = service(g, "demo", "web-np");
    assertEquals(30080, np.getAsJsonArray("ports").get(0).getAsJsonObject().get("nodePort").getAsInt());
    assertEquals("10.250.2.100", service(g, "demo", "web-lb").getAsJsonArray("loadBalancerIngress")
        .get(0).getAsString());
    assertEquals("ClientIP", service(g, "demo", "web-sticky").get("sessionAffinity").getAsString());
    JsonObject ext = service(g, "demo", "db-external");
    assertEquals("ExternalName", ext.get("type").getAsString());
    assertTrue(ext.get("clusterIP").isJsonNull());
    assertEquals("db.example.com", ext.get("externalName").getAsString());
    assertEquals("None", service(g, "demo", "web-headless").get("clusterIP").getAsString());
    List<String> orphanCodes = new ArrayList<>();
    service(g, "demo", "orphan").getAsJsonArray("diagnostics")
        .forEach(d -> orphanCodes.add(d.getAsJsonObject().get("code").getAsString()));
    assertEquals(List.of("NO_ENDPOINTS"), orphanCodes);
  }

  @Test
  void liveClusterGivesTheSameJsonAsItsDump() throws Exception {
    try (ListWatchApiServer server = new ListWatchApiServer()) {
      try (InputStream in = getClass().getResourceAsStream("/fixtures/real-lab-1/cluster.yaml")) {
        server.seed(in);
      }
      server.start();
      Path kubeconfig = TestKubeconfig.write(tmp.resolve("kubeconfig"), server.url(), "t");
      Result live = run(Map.of("KUBECONFIG", kubeconfig.toString()), "graph", "--format", "json");
      assertEquals(0, live.code(), live.err());
      Result dump = run(Map.of(), "graph", "--dump", fixture().toString(), "--format", "json");
      assertEquals(dump.out(), live.out());
    }
  }

  @Test
  void failuresAreOneLineAndNonZero() throws Exception {
    Path garbage = tmp.resolve("garbage.yaml");
    Files.write(garbage, new byte[] {'{', 0x01, '[', 'x'});
    Result bad = run(Map.of(), "graph", "--dump", garbage.toString());
    assertEquals(1, bad.code());
    assertTrue(bad.err().startsWith("switchboard: garbage.yaml is not"), bad.err());
    assertEquals(1, bad.err().strip().lines().count());
    assertTrue(bad.out().isEmpty());

    Result missing = run(Map.of(), "graph", "--dump", tmp.resolve("nope.yaml").toString());
    assertEquals(1, missing.code());
    assertEquals("switchboard: cannot read nope.yaml: " + tmp.resolve("nope.yaml"), missing.err().strip());

    Path kc = tmp.resolve("kc");
    Files.writeString(kc, "clusters: [ {name: x");
    Result broken = run(Map.of(), "graph", "--kubeconfig", kc.toString());
    assertEquals(1, broken.code());
    assertTrue(broken.err().startsWith("switchboard: kubeconfig " + kc + " is not valid YAML"), broken.err());

    Path unreachable = tmp.resolve("unreachable");
    Files.writeString(unreachable, """
        current-context: x
        clusters: [{name: x, cluster: {server: "http://127.0.0.1:9"}}]
        contexts: [{name: x, context: {cluster: x, user: u}}]
        users: [{name: u, user: {token: t}}]
        """);
    Result down = run(Map.of(), "graph", "--kubeconfig", unreachable.toString(), "--timeout", "10");
    assertEquals(1, down.code());
    assertEquals("switchboard: cannot reach the API server at http://127.0.0.1:9: connection refused",
        down.err().strip());

    Result usage = run(Map.of(), "graph", "--bogus");
    assertEquals(2, usage.code());
    assertEquals("switchboard: unknown option --bogus (see: switchboard graph --help)", usage.err().strip());
    assertEquals(2, run(Map.of(), "graph", "--format", "yaml").code());
    assertEquals(2, run(Map.of(), "frobnicate").code());
  }
}
