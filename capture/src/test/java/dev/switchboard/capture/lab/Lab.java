package dev.switchboard.capture.lab;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The network lab as tests and benchmarks drive it: its script, its state directory, the tools
 * it needs, commands run against it, and the ground truth its traffic prints. Used by the
 * capture module's lab tests and benchmark and (as a test-jar) by the app's. Any thread.
 */
public final class Lab {
  /** One request of {@code lab.sh traffic}: when it started, who asked what, what answered. */
  public record Truth(long startNanos, String client, String host, int port, String result) {}

  private final Path script;
  private final Path state;

  /** @param script lab.sh; {@code state} becomes its SB_LAB_DIR */
  public Lab(Path script, Path state) {
    this.script = script.toAbsolutePath();
    this.state = state.toAbsolutePath();
  }

  public Path script() {
    return script;
  }

  public Path state() {
    return state;
  }

  /** {@code lab.sh ARGS}; its output, or an AssertionError with it when it fails. */
  public String lab(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(script.toString()));
    command.addAll(List.of(args));
    return run(command);
  }

  /** Any command with the lab's state directory in its environment. */
  public String run(List<String> command) throws IOException, InterruptedException {
    Process p = start(command);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }

  /** Starts a command with the lab's state directory in its environment, output merged. */
  public Process start(List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("SB_LAB_DIR", state.toString());
    return pb.start();
  }

  public static boolean present(String tool) {
    for (String dir : System.getenv("PATH").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Skips the calling test, saying why, unless root and the tools of {@code mode} are here; the
   * iptables mode also needs the kit whose real API server and kube-proxy write the rules.
   */
  public void assume(String mode) throws IOException, InterruptedException {
    assumeTrue("root".equals(System.getProperty("user.name")),
        "the network lab needs root (network namespaces, iptables/nftables, raw capture)");
    List<String> tools = mode.equals("iptables")
        ? List.of("ip", "dnsmasq", "python3", "curl", "iptables", "jq")
        : List.of("ip", "dnsmasq", "python3", "curl", "nft");
    for (String tool : tools) {
      assumeTrue(present(tool), "the network lab needs " + tool + " (see .ci/run)");
    }
    if (mode.equals("iptables")) {
      Process kit = start(List.of(script.toString(), "kit"));
      String said = new String(kit.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assumeTrue(kit.waitFor(30, TimeUnit.SECONDS) && kit.exitValue() == 0, said.strip());
    }
  }

  /** The lines {@code lab.sh traffic} printed: "START_EPOCH CLIENT URL RESULT". */
  public static List<Truth> parse(String traffic) {
    List<Truth> out = new ArrayList<>();
    for (String line : traffic.strip().split("\n")) {
      String[] f = line.split(" ");
      String[] t = f[0].split("\\.");
      URI url = URI.create(f[2]);
      out.add(new Truth(Long.parseLong(t[0]) * 1_000_000_000L + Long.parseLong(t[1]), f[1],
          url.getHost(), url.getPort() < 0 ? 80 : url.getPort(), f[3]));
    }
    return out;
  }
}
