package dev.switchboard.app.kit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.app.cluster.kube.TestKubeconfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Kubernetes parts of {@code ../shared/k8s/kube.sh} (kube-apiserver, etcd, controllers,
 * scheduler; kube-proxy and kubelet nodes on demand), started once per test JVM in a state dir and
 * on ports of its own, so a developer's own kit or the lesson recorder's keeps running beside it;
 * stopped and wiped when the JVM exits. Tests that need it call {@link #up()}, which skips them
 * with the reason when the kit is absent or the tests do not run as root. Any thread.
 */
public final class KubeKit {
  private static final Path STATE = Path.of("/tmp/switchboard-kube-tests");
  private static final Map<String, String> PORTS = Map.of(
      "KUBE_KIT_API_PORT", "17443", "KUBE_KIT_ETCD_PORT", "13379",
      "KUBE_KIT_ETCD_PEER_PORT", "13380", "KUBE_KIT_CM_PORT", "17257",
      "KUBE_KIT_SCHED_PORT", "17259", "KUBE_KIT_ADVERTISE_IP", "10.250.61.1",
      "KUBE_KIT_FAKE_HOST_IP", "10.250.61.2");
  private static KubeKit running;

  private final Path script;
  private final Map<String, String> env;

  private KubeKit(Path script, Map<String, String> env) {
    this.script = script;
    this.env = env;
  }

  /** The kit's control plane, started if needed; skips the calling test when it cannot run. */
  public static synchronized KubeKit up() {
    Path script = script();
    assumeTrue(Files.isExecutable(script),
        "real-Kubernetes tests skipped: " + script + " not found (set KUBE_KIT to its path)");
    assumeTrue("root".equals(System.getProperty("user.name")),
        "real-Kubernetes tests skipped: kube.sh needs root");
    if (running == null) {
      KubeKit kit = new KubeKit(script, new HashMap<>());
      kit.run(Duration.ofMinutes(4), "up");
      for (String line : kit.run(Duration.ofSeconds(30), "env").split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          kit.env.put(line.substring(0, eq), line.substring(eq + 1).trim());
        }
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> kit.quietly("down", "--wipe")));
      running = kit;
    }
    return running;
  }

  private static Path script() {
    String given = System.getenv("KUBE_KIT");
    if (given != null && !given.isBlank()) {
      return Path.of(given);
    }
    return repo().resolve("../shared/k8s/kube.sh").normalize();
  }

  /** The repository's top directory (the one holding capture/ and app/). */
  public static Path repo() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("capture"))) {
      dir = dir.getParent();
    }
    return dir == null ? Path.of(System.getProperty("user.dir")) : dir;
  }

  public String api() {
    return env.get("KUBE_API");
  }

  public Path kubeconfig() {
    return Path.of(env.get("KUBECONFIG"));
  }

  public Path ca() {
    return Path.of(env.get("KUBE_CA"));
  }

  public String adminToken() {
    return env.get("KUBE_ADMIN_TOKEN");
  }

  /** A real token the API server authenticates and RBAC grants nothing. */
  public String nobodyToken() {
    return env.get("KUBE_NOBODY_TOKEN");
  }

  /** A kubeconfig for the kit's API server with a bearer token (certificate authority included). */
  public Path kubeconfigWithToken(Path file, String token) throws IOException {
    return TestKubeconfig.write(file, api(), token, ca());
  }

  /**
   * A kubeconfig for a person: a client certificate (CN = user, O = group) signed by the kit's
   * CA, so the API server authenticates them as that user in that group, with no rights but
   * what RBAC binds to either.
   */
  public Path kubeconfigForUser(Path dir, String user, String group)
      throws IOException, InterruptedException {
    Path key = dir.resolve(user + ".key");
    Path csr = dir.resolve(user + ".csr");
    Path crt = dir.resolve(user + ".crt");
    Path pki = STATE.resolve("pki");
    exec(List.of("openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout",
        key.toString(), "-out", csr.toString(), "-subj", "/CN=" + user + "/O=" + group));
    exec(List.of("openssl", "x509", "-req", "-in", csr.toString(), "-CA",
        pki.resolve("ca.crt").toString(), "-CAkey", pki.resolve("ca.key").toString(),
        "-CAcreateserial", "-CAserial", dir.resolve("ca.srl").toString(), "-days", "1", "-out",
        crt.toString()));
    Path file = dir.resolve(user + ".kubeconfig");
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        current-context: kit
        clusters: [{name: kit, cluster: {server: "%s", certificate-authority: "%s"}}]
        contexts: [{name: kit, context: {cluster: kit, user: %s}}]
        users: [{name: %s, user: {client-certificate: "%s", client-key: "%s"}}]
        """.formatted(api(), ca(), user, user, crt, key));
    return file;
  }

  private static void exec(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + output);
    }
  }

  /** Runs {@code kube.sh ARGS…} and returns its standard output; fails with its log's tail. */
  public String run(Duration limit, String... args) {
    List<String> command = new ArrayList<>();
    command.add(script.toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("KUBE_KIT_STATE", STATE.toString());
    pb.environment().putAll(PORTS);
    try {
      Path out = Files.createTempFile("kube-kit", ".out");
      Path err = Files.createTempFile("kube-kit", ".err");
      Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      boolean done = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.destroyForcibly();
      }
      String stdout = Files.readString(out);
      String stderr = Files.readString(err);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      if (!done || p.exitValue() != 0) {
        throw new AssertionError("kube.sh " + String.join(" ", args) + (done ? " exited "
            + p.exitValue() : " did not finish in " + limit) + ":\n" + tail(stderr) + tail(stdout));
      }
      return stdout;
    } catch (IOException e) {
      throw new AssertionError("cannot run " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running kube.sh", e);
    }
  }

  private void quietly(String... args) {
    try {
      run(Duration.ofMinutes(2), args);
    } catch (AssertionError e) {
      System.err.println(e.getMessage());
    }
  }

  private static String tail(String text) {
    return text.length() > 3000 ? "…" + text.substring(text.length() - 3000) : text;
  }

  /** A pod on a kubelet-less node with exactly this IP and readiness (kube.sh fake-pod). */
  public void fakePod(String namespace, String name, String ip, boolean ready) {
    run(Duration.ofSeconds(60), "fake-pod", namespace, name, ip, "fakenode",
        ready ? "True" : "False");
  }

  /** Stops the kube-apiserver (its process group, by recorded pid), leaving etcd and the rest. */
  public void stopApiServer() throws IOException, InterruptedException {
    long pid = Long.parseLong(Files.readString(STATE.resolve("run/kube-apiserver.pid")).trim());
    ProcessHandle.of(pid).ifPresent(p -> {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("kube-apiserver (pid " + pid + ") did not stop");
      }
      Thread.sleep(100);
    }
  }

  /** Starts whatever of the control plane is not running (the API server after a stop). */
  public void startApiServer() {
    run(Duration.ofMinutes(3), "up");
  }

  /** etcd's current revision (through its HTTP gateway). */
  public long etcdRevision() throws IOException, InterruptedException {
    String body = etcd("/v3/kv/range", "{\"key\":\"" + b64("switchboard-test") + "\"}");
    return Long.parseLong(body.replaceAll(".*\"revision\":\"(\\d+)\".*", "$1"));
  }

  /**
   * Moves etcd's revision on with a key outside the API server's prefix, then compacts history up
   * to now: every watch that resumes from an older resourceVersion gets 410 Gone.
   */
  public long bumpAndCompact() throws IOException, InterruptedException {
    for (int i = 0; i < 3; i++) {
      etcd("/v3/kv/put", "{\"key\":\"" + b64("switchboard-test") + "\",\"value\":\""
          + b64("bump " + i) + "\"}");
    }
    long revision = etcdRevision();
    etcd("/v3/kv/compaction", "{\"revision\":\"" + revision + "\",\"physical\":true}");
    return revision;
  }

  private String etcd(String path, String json) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(env.get("KUBE_ETCD") + path)).timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("etcd " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  /** The tail of a kit log (control plane: kube-apiserver, kube-controller-manager…). */
  public String logTail(String component) {
    try {
      return tail(Files.readString(STATE.resolve("log/" + component + ".log")));
    } catch (IOException e) {
      return "(no " + component + " log: " + e.getMessage() + ")";
    }
  }
}
