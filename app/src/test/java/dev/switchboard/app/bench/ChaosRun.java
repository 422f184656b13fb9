package dev.switchboard.app.bench;

import dev.switchboard.app.cli.Cli;
import dev.switchboard.app.cli.GraphJson;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.Interner;
import dev.switchboard.app.cluster.SourceStatus.Phase;
import dev.switchboard.app.cluster.kube.KubeClients;
import dev.switchboard.app.cluster.kube.KubeProjection;
import dev.switchboard.app.cluster.kube.KubeTarget;
import dev.switchboard.app.cluster.kube.KubeconfigResolver;
import dev.switchboard.app.cluster.kube.LiveCluster;
import dev.switchboard.app.kit.KitAdmin;
import dev.switchboard.app.kit.KitDemo;
import dev.switchboard.app.kit.KitSidecars;
import dev.switchboard.app.kit.KubeKit;
import dev.switchboard.app.link.kube.SidecarInstaller;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Faults on the kit's real node while {@code trace} follows its sidecar through the API server
 * (the same path a user's run takes): an API server restart, a port-forward cut (the API
 * server's connections to the kubelet killed with ss -K), the sidecar pod deleted (the DaemonSet
 * starts another), the node's link down for 10 s. Prints per fault how long until the link's
 * state said so, how long until it streamed again and the cluster cache equalled a fresh LIST,
 * and at the end the requests made against the connections traced and the losses reported.
 * Root; ../shared/k8s. Run: mvn -B -Pbench-chaos -pl app -am verify -DskipTests; the soak
 * ({@link Soak}): the same with -Dbench.args="soak SECONDS RATE".
 */
public final class ChaosRun {
  private static final String DEMO = "sbc-demo";
  private static final String VIP = "10.96.62.82";

  /** Every stderr line of the trace run, with when it was written. */
  private record Line(long nanos, String text) {}

  private static final List<Line> LINES = new CopyOnWriteArrayList<>();
  private static final List<String> FAULTS = new CopyOnWriteArrayList<>();

  /** Exits when done or failed: the trace thread and the kit's clients would keep it alive. */
  public static void main(String[] args) throws Exception {
    try {
      if (args.length > 0 && args[0].equals("soak")) {
        Soak.run(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      } else {
        faults();
      }
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  private static void faults() throws Exception {
    KubeKit kit = KitSidecars.node();
    KitAdmin admin = new KitAdmin(kit);
    KitSidecars.install(admin, System.out);
    KitDemo.webBehind(admin, DEMO, 3, VIP);

    ByteArrayOutputStream traces = new ByteArrayOutputStream();
    Thread trace = new Thread(() -> Cli.run(List.of("trace", "--kubeconfig",
        kit.kubeconfig().toString(), "--duration", "30m"), Map.of(),
        new PrintStream(traces, true), new PrintStream(new LineSink(ChaosRun::heard), true)), "chaos-trace");
    trace.start();
    await(Duration.ofMinutes(3), "streaming", 0, l -> l.contains("streaming from node"));

    KubeTarget target = new KubeconfigResolver(Map.of()).resolve(kit.kubeconfig(), null);
    ClusterStore store = new ClusterStore();
    LiveCluster cache = new LiveCluster(KubeClients.forTarget(target), target.context(),
        target.server(), null, store, new KubeProjection(new Interner()),
        System::currentTimeMillis);
    cache.start();
    if (!cache.awaitSynced(Duration.ofMinutes(1))) {
      throw new IllegalStateException("the cache did not sync: " + cache.status());
    }
    KitDemo.client(admin, DEMO, "while true; do echo \"$(date +%s) $(timeout 3 wget -qO-"
        + " http://" + VIP + "/)\"; sleep 0.1; done");
    Thread.sleep(15_000);

    List<String> rows = new ArrayList<>();
    rows.add(fault("API server restart (down 5 s)", admin, store, () -> {
      kit.stopApiServer();
      Thread.sleep(5000);
      kit.startApiServer();
    }, cache));
    rows.add(fault("port-forward cut (ss -K to the kubelet)", admin, store, () ->
        exec("ss", "-K", "dst", KitSidecars.NODE_IP, "dport", "=", "10250"), cache));
    rows.add(fault("sidecar pod deleted (DaemonSet restarts it)", admin, store, () -> {
      String pod = admin.get("/api/v1/namespaces/switchboard-system/pods").getAsJsonArray("items")
          .get(0).getAsJsonObject().getAsJsonObject("metadata").get("name").getAsString();
      admin.core().deleteNamespacedPod(pod, "switchboard-system").execute();
    }, cache));
    rows.add(fault("node link down 10 s", admin, store, () -> {
      exec("ip", "link", "set", "kk-" + KitSidecars.NODE, "down");
      Thread.sleep(10_000);
      exec("ip", "link", "set", "kk-" + KitSidecars.NODE, "up");
    }, cache));

    String log = KitDemo.clientLog(admin, DEMO);
    long requests = log.lines().count();
    long answered = log.lines().filter(l -> l.trim().contains(" ")).count();
    admin.core().deleteNamespacedPod("client", DEMO).execute();
    Thread.sleep(3000);
    trace.interrupt();
    trace.join(60_000);
    List<String> tracedLines = traces.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.contains("\"vip\":{\"ip\":\"" + VIP + "\"")).toList();
    long traced = tracedLines.size();
    // per second of the client's clock (the node's): requests made against connections traced
    java.util.TreeMap<Long, long[]> perSecond = new java.util.TreeMap<>();
    log.lines().map(l -> l.trim().split(" ", 2)[0]).filter(t -> t.matches("\\d+"))
        .forEach(t -> perSecond.computeIfAbsent(Long.parseLong(t), k -> new long[2])[0]++);
    for (String l : tracedLines) {
      String at = l.replaceAll(".*\"startedAt\":\"([^\"]+)\".*", "$1");
      perSecond.computeIfAbsent(java.time.Instant.parse(at).getEpochSecond(),
          k -> new long[2])[1]++;
    }

    System.out.println();
    System.out.println("| fault | shown after | streaming again after | cache = fresh LIST |");
    System.out.println("|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.printf(Locale.ROOT, "%nclient requests %d (answered %d), connections traced %d%n",
        requests, answered, traced);
    System.out.println("seconds (UTC) where requests and traces differ, next to the faults:");
    perSecond.forEach((second, n) -> {
      if (n[0] != n[1]) {
        System.out.printf(Locale.ROOT, "  %s: %d requests, %d traced%n",
            java.time.Instant.ofEpochSecond(second), n[0], n[1]);
      }
    });
    FAULTS.forEach(System.out::println);
    LINES.stream().filter(l -> l.text().contains("lost") || l.text().startsWith("{"))
        .forEach(l -> System.out.println("trace: " + l.text()));
    cache.close();
    admin.deleteNamespace(DEMO);
    new SidecarInstaller(admin.client(), System.out).uninstall(Duration.ofMinutes(2));
  }

  /** A fault; what it took to show, to recover, and whether the cache matched a fresh LIST. */
  private static String fault(String name, KitAdmin admin, ClusterStore store,
      Injection injection, LiveCluster cache) throws Exception {
    int mark = LINES.size();
    long start = System.nanoTime();
    Thread injector = new Thread(() -> {
      try {
        injection.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "chaos-fault");
    injector.start();
    java.time.Instant began = java.time.Instant.now();
    int shownAt = await(Duration.ofMinutes(2), name + " shown", mark,
        l -> l.contains("retrying") || l.contains("sidecar pod") || l.contains("failed")
            || l.contains("no data from"));
    Line shown = LINES.get(shownAt);
    injector.join();
    long restored = System.nanoTime();
    Line back = LINES.get(await(Duration.ofMinutes(3), name + " streaming again", shownAt + 1,
        l -> l.contains("streaming from node")));
    while (cache.status().phase() != Phase.SYNCED) {
      Thread.sleep(100);
    }
    boolean equal = false;
    for (int i = 0; i < 100 && !equal; i++) {
      equal = admin.freshGraph().equals(GraphJson.of(store.snapshot()).toString());
      if (!equal) {
        Thread.sleep(200);
      }
    }
    FAULTS.add("  " + name + ": " + began + " to " + java.time.Instant.now().minusMillis(
        (System.nanoTime() - back.nanos()) / 1_000_000) + " (streaming again)");
    Thread.sleep(10_000);
    return String.format(Locale.ROOT, "| %s | %.2f s (\"%s\") | %.1f s after the fault ended |"
        + " %s |", name, (shown.nanos() - start) / 1e9, shorten(shown.text()),
        Math.max(0, back.nanos() - restored) / 1e9, equal ? "yes" : "NO");
  }

  private static String shorten(String s) {
    return s.length() > 90 ? s.substring(0, 90) + "…" : s;
  }

  /** The index of the first line from {@code from} on that matches. */
  private static int await(Duration limit, String what, int from, Predicate<String> match)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      for (int i = from; i < LINES.size(); i++) {
        if (match.test(LINES.get(i).text())) {
          return i;
        }
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("timed out waiting for " + what + "; stderr:\n"
        + String.join("\n", LINES.stream().map(Line::text).toList()));
  }

  private static void exec(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + ": " + out);
    }
  }

  /** A stderr line of the trace run, kept with when it was completed, and shown. */
  private static void heard(String text) {
    LINES.add(new Line(System.nanoTime(), text));
    System.out.printf(Locale.ROOT, "%8.2f %s%n", System.nanoTime() / 1e9 % 100_000, text);
  }

  private interface Injection {
    void run() throws Exception;
  }
}
