package dev.switchboard.app.bench;

import dev.switchboard.app.cli.Cli;
import dev.switchboard.app.kit.KitAdmin;
import dev.switchboard.app.kit.KitDemo;
import dev.switchboard.app.kit.KitSidecars;
import dev.switchboard.app.kit.KubeKit;
import dev.switchboard.app.link.kube.SidecarInstaller;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Connections at a fixed rate for a fixed time, from the kit's real node to a Service of three
 * real pods, while {@code trace} follows the node's sidecar through an API-server port-forward:
 * every 30 s the connections traced to the web pods (the load's, and the kubelet's readiness
 * probes, 3 a second), the app's heap after a GC and the sidecar's RSS; at the end
 * what the load generator sent against what was traced, and every loss the run reported.
 * Root; ../shared/k8s. Run: mvn -B -Pbench-chaos -pl app -am verify -DskipTests
 * -Dbench.args="soak 600 2000".
 */
final class Soak {
  private static final String DEMO = "sbs-demo";
  private static final String VIP = "10.96.62.83";

  private Soak() {}

  static void run(int seconds, int rate) throws Exception {
    KubeKit kit = KitSidecars.node();
    KitAdmin admin = new KitAdmin(kit);
    KitSidecars.install(admin, System.out);
    KitDemo.webBehind(admin, DEMO, 3, VIP);

    AtomicLong traced = new AtomicLong();
    AtomicLong lines = new AtomicLong();
    AtomicLong viaVip = new AtomicLong();
    java.util.List<String> samples = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicReference<String> lastErr = new AtomicReference<>("");
    ByteArrayOutputStream errLog = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(new LineSink(line -> {
      lines.incrementAndGet();
      if (line.contains("\"" + VIP + "\"")) {
        viaVip.incrementAndGet();
        if (samples.isEmpty()) {
          samples.add(line);
        }
      }
      if (line.contains("\"pod\":\"web-")) {
        traced.incrementAndGet();
      }
    }), true);
    PrintStream err = new PrintStream(new LineSink(line -> {
      lastErr.set(line);
      synchronized (errLog) {
        errLog.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }), true);
    Thread trace = new Thread(() -> Cli.run(List.of("trace", "--kubeconfig",
        kit.kubeconfig().toString(), "--duration", "2h"), Map.of(), out, err), "soak-trace");
    trace.start();
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (!errLog.toString(StandardCharsets.UTF_8).contains("streaming from node")) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not streaming:\n" + errLog);
      }
      Thread.sleep(100);
    }
    Thread.sleep(10_000); // the pods ready, the rules read

    // The load comes from the node itself (LabLoad needs Java; busybox pods have none): its
    // connections meet kube-proxy's OUTPUT DNAT, so the capture sees them after translation only.
    Path load = Files.createTempFile("soak-load", ".out");
    Process generator = new ProcessBuilder("ip", "netns", "exec", KitSidecars.NODE,
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
        KubeKit.repo().resolve("capture/target/test-classes").toString(),
        "dev.switchboard.capture.bench.LabLoad", "conn", VIP, "80", Integer.toString(rate),
        Integer.toString(seconds)).redirectErrorStream(true).redirectOutput(load.toFile())
        .start();
    System.out.println("| t (s) | connections traced | app heap after GC (MiB) | sidecar RSS (MiB)"
        + " |");
    System.out.println("|---|---|---|---|");
    long start = System.nanoTime();
    while (generator.isAlive()) {
      Thread.sleep(30_000);
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      System.out.printf(Locale.ROOT, "| %d | %,d | %.0f | %s |%n",
          (System.nanoTime() - start) / 1_000_000_000L, traced.get(), heap / 1048576.0,
          sidecarRss());
    }
    Thread.sleep(5_000);
    trace.interrupt();
    trace.join(60_000);
    System.out.println("load: " + Files.readString(load).trim());
    System.out.printf(Locale.ROOT, "connections traced: %,d (of %,d lines), %,d of them to the"
        + " Service's VIP%n", traced.get(), lines.get(), viaVip.get());
    samples.forEach(l -> System.out.println("sample: " + l));
    System.out.println("trace's last line: " + lastErr.get());
    errLog.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("lost")
        || l.contains("retrying") || l.contains("no data")).limit(20)
        .forEach(l -> System.out.println("trace: " + l));
    admin.deleteNamespace(DEMO);
    new SidecarInstaller(admin.client(), System.out).uninstall(Duration.ofMinutes(2));
  }

  /** The sidecar JVM's resident set, from /proc (it runs in the node's network namespace). */
  private static String sidecarRss() throws Exception {
    Process p = new ProcessBuilder("pgrep", "-f", "switchboard-capture.jar --node").start();
    String pids = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor();
    StringBuilder rss = new StringBuilder();
    for (String pid : pids.split("\\s+")) {
      if (pid.isEmpty()) {
        continue;
      }
      for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
        if (line.startsWith("VmRSS:")) {
          long kib = Long.parseLong(line.replaceAll("\\D", ""));
          rss.append(rss.length() == 0 ? "" : ", ").append(kib / 1024);
        }
      }
    }
    return rss.length() == 0 ? "?" : rss.toString();
  }
}
