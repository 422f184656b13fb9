package dev.switchboard.capture.bench;

import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.lab.Lab;
import dev.switchboard.capture.lab.LabSidecarClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How many new connections and DNS queries a second the sidecar keeps up with on one core, with
 * its CPU and RSS, against tcpdump -w /dev/null on the same traffic. Builds the lab, pins the
 * sidecar (and tcpdump) to CPU 1 and the load, backends and DNS to CPU 0, steps the rate for
 * 8 s each. CPU is CPU-seconds used per second of load (load and drain), on one core. Needs
 * root. Run with {@code mvn -Pbench-capture -pl capture -am verify -DskipTests}.
 */
public final class SidecarBenchmark {
  static final Lab LAB = new Lab(Path.of("lab", "lab.sh"), Path.of("target", "bench-lab"));
  static final Path STATE = LAB.state();
  static final String CP = System.getProperty("java.class.path");
  static final String JAVA = ProcessHandle.current().info().command().orElse("java");
  static final int SECONDS = 8;

  private SidecarBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Process> started = new ArrayList<>();
    try {
      LAB.lab("up", "iptables");
      for (String pod : List.of("sb-web1:10.244.1.11", "sb-web2:10.244.1.12", "sb-web3:10.244.2.13")) {
        String[] p = pod.split(":");
        started.add(LAB.start(List.of("taskset", "-c", "0", "ip",
            "netns", "exec", p[0], JAVA, "-Xmx64m",
            "-cp", CP, LabSink.class.getName(), p[1], "8081")));
      }
      Process sidecar = start(List.of("taskset", "-c", "1", "ip", "netns", "exec", "sb-node1", JAVA,
          "-XX:ActiveProcessorCount=1", "-XX:+UseSerialGC", "-Xmx40m", "-Xss512k",
          "-XX:ReservedCodeCacheSize=20m", "-XX:MaxMetaspaceSize=40m", "-cp", CP,
          "-XX:CompressedClassSpaceSize=16m", "-XX:CICompilerCount=2", "-Xms16m",
          "dev.switchboard.capture.sidecar.SidecarMain", "--node", "node1", "--listen",
          "10.250.9.2:7443", "--token-file", STATE.resolve("token").toString(), "--syn-timeout", "3"),
          Path.of("target", "bench-sidecar.log"));
      started.add(sidecar);
      String token = Files.readString(STATE.resolve("token")).strip();
      // Appending must stay cheap however many events come: a slow reader would be the
      // benchmark's own doing, and the sidecar would report it as client_queue loss.
      List<Event> events = Collections.synchronizedList(new ArrayList<>());
      LabSidecarClient client = new LabSidecarClient(token);
      client.await();
      client.follow(events);
      long pid = sidecarPid(sidecar);
      System.out.println("| load | offered /s | completed | events | missed | kernel drops | queue drops | sidecar CPU (1 core) | RSS MiB |");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
      for (int rate : new int[] {2_000, 5_000, 10_000, 15_000, 20_000}) {
        step("connections", rate, events, pid, token, "events.closed",
            List.of("conn", "10.96.10.16", "80"));
      }
      for (int rate : new int[] {5_000, 10_000, 20_000}) {
        step("DNS queries", rate, events, pid, token, "dnsResponses",
            List.of("dns", "10.96.0.10"));
      }
      // The same steps with a recording's packet reader connected: every packet is cut to its
      // headers, copied, numbered and served besides the events.
      List<Event> packets = new CountingList<>();
      client.follow("/v1/packets", packets);
      for (int rate : new int[] {2_000, 10_000, 20_000}) {
        long kept = counter(token, "packetsKept");
        step("connections + packets", rate, events, pid, token, "events.closed",
            List.of("conn", "10.96.10.16", "80"));
        System.out.printf("  packets kept %,d, read by the recording's reader %,d%n",
            counter(token, "packetsKept") - kept, packets.size());
      }
      for (int rate : new int[] {10_000, 20_000}) {
        step("DNS queries + packets", rate, events, pid, token, "dnsResponses",
            List.of("dns", "10.96.0.10"));
      }
      System.out.printf("  packets read in all %,d; the packet stream's losses: %s%n",
          packets.size(), packets.stream().filter(Lost.class::isInstance).toList());
      sidecar.destroy();
      sidecar.waitFor(10, TimeUnit.SECONDS);
      tcpdump(10_000);
    } finally {
      started.forEach(Process::destroy);
      LAB.lab("down");
    }
  }

  /**
   * One rate for {@link #SECONDS}: what the load generator completed against what the sidecar
   * published (its own counter: a remote reader on the loaded machine would lag behind).
   */
  private static void step(String what, int rate, List<Event> events, long pid, String token,
      String counted, List<String> load) throws Exception {
    long[] before = counters(token);
    long cpuBefore = cpuTicks(pid);
    long eventsBefore = counter(token, counted);
    int lostBefore = count(events, Lost.class);
    List<String> cmd = new ArrayList<>(List.of("taskset", "-c",
        "0", "ip", "netns", "exec", "sb-client", JAVA, "-Xmx256m", "-cp", CP, LabLoad.class.getName()));
    cmd.addAll(load);
    cmd.add(String.valueOf(rate));
    cmd.add(String.valueOf(SECONDS));
    if (load.get(0).equals("dns")) {
      cmd.add("sink.demo.svc.cluster.local");
    }
    String out = LAB.run(cmd).strip();
    Thread.sleep(4000); // SYN timeouts and DNS settling
    long cpu = cpuTicks(pid) - cpuBefore;
    long[] after = counters(token);
    String[] f = out.split(" ");
    long completed = Long.parseLong(f[3]) + (load.get(0).equals("conn") ? Long.parseLong(f[5]) : 0);
    long seen = counter(token, counted) - eventsBefore;
    System.out.printf("| %s | %,d | %,d | %,d | %,d | %,d | %,d | %.0f %% | %d |%n", what, rate,
        completed, seen, Math.max(0, completed - seen), after[0] - before[0], after[1] - before[1],
        100.0 * cpu / 100 / SECONDS, rssMiB(pid));
    if (count(events, Lost.class) > lostBefore) {
      synchronized (events) {
        System.out.println("  lost events: " + events.stream().filter(Lost.class::isInstance)
            .skip(lostBefore).toList());
      }
    }
  }

  private static void tcpdump(int rate) throws Exception {
    Process dump = LAB.start(List.of("taskset", "-c", "1", "ip", "netns", "exec", "sb-node1", "tcpdump",
        "-i", "any", "-n", "-s", "512", "-w", "/dev/null",
        "udp port 53 or tcp port 53 or (ip and tcp[tcpflags] & (tcp-syn|tcp-fin|tcp-rst) != 0)"
            + " or (ip and icmp[icmptype] == icmp-unreach)"));
    Thread.sleep(1500);
    long pid = dump.descendants().filter(p -> p.info().command().orElse("").endsWith("tcpdump"))
        .findFirst().map(ProcessHandle::pid).orElse(dump.pid());
    long cpuBefore = cpuTicks(pid);
    LAB.run(List.of("taskset", "-c", "0", "ip", "netns", "exec",
        "sb-client", JAVA, "-cp", CP, LabLoad.class.getName(), "conn", "10.96.10.16", "80", String.valueOf(rate),
        String.valueOf(SECONDS)));
    Thread.sleep(4000);
    long cpu = cpuTicks(pid) - cpuBefore;
    long rss = rssMiB(pid);
    ProcessHandle.of(pid).ifPresent(p -> p.destroy());
    dump.waitFor(10, TimeUnit.SECONDS);
    String stats = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    System.out.printf("| tcpdump -w /dev/null, connections | %,d | | | | %s | | %.0f %% | %d |%n", rate,
        stats.lines().filter(l -> l.contains("dropped by kernel")).findFirst().orElse("?").split(" ")[0],
        100.0 * cpu / 100 / SECONDS, rss);
  }

  /** Keeps losses, counts the rest: the packet reader must keep up without holding a million. */
  private static final class CountingList<E> extends java.util.AbstractList<E> {
    private final List<E> kept = Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicLong count = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public boolean add(E e) {
      count.incrementAndGet();
      if (e instanceof Lost) {
        kept.add(e);
      }
      return true;
    }

    @Override
    public E get(int i) {
      return kept.get(i);
    }

    @Override
    public int size() {
      return (int) count.get();
    }

    @Override
    public java.util.stream.Stream<E> stream() {
      return List.copyOf(kept).stream();
    }
  }

  private static int count(List<Event> events, Class<? extends Event> type) {
    synchronized (events) {
      return (int) events.stream().filter(type::isInstance).count();
    }
  }

  /** {kernelDrops, captureQueueDrops} from the sidecar's status. */
  private static long[] counters(String token) throws Exception {
    LabSidecarClient c = new LabSidecarClient(token);
    return new long[] {c.counter("kernelDrops"), c.counter("captureQueueDrops")};
  }

  private static long counter(String token, String name) throws Exception {
    return new LabSidecarClient(token).counter(name);
  }

  private static long cpuTicks(long pid) throws Exception {
    String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static long rssMiB(long pid) throws Exception {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
        .filter(l -> l.startsWith("VmRSS:")).map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024)
        .findFirst().orElse(-1L);
  }

  /** The sidecar's JVM: `ip netns exec` execs into it, so it is the process itself. */
  private static long sidecarPid(Process p) {
    return p.descendants().filter(h -> h.info().command().orElse("").contains("java")).findFirst()
        .map(ProcessHandle::pid).orElse(p.pid());
  }

  private static Process start(List<String> cmd, Path log) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("SB_LAB_DIR", STATE.toString());
    return pb.start();
  }
}
