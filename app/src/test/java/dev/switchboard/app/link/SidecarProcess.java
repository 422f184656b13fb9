package dev.switchboard.app.link;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real sidecar process (the capture module's main class) replaying fixtures/real-lab-1's node
 * capture with the rules its kube-proxy wrote, serving the real event API on loopback.
 */
public final class SidecarProcess implements AutoCloseable {
  public static final String TOKEN = "test-token-0123456789abcdef";
  private final Process process;
  private final int port;
  private final Path log;

  private SidecarProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Copies a classpath fixture to {@code dir}. */
  public static Path fixture(Path dir, String name) throws IOException {
    Path p = dir.resolve(name);
    try (InputStream in = SidecarProcess.class.getResourceAsStream("/fixtures/real-lab-1/" + name)) {
      Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
    }
    return p;
  }

  public static Path tokenFile(Path dir) throws IOException {
    return Files.writeString(dir.resolve("token"), TOKEN + "\n");
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts the sidecar on {@code port} and waits (up to 30 s) until it answers. */
  public static SidecarProcess start(Path dir, int port) throws Exception {
    return start(dir, port, fixture(dir, "node1.pcap"));
  }

  /** The same, replaying another capture of node1 with the fixture's rules. */
  public static SidecarProcess start(Path dir, int port, Path capture) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        "dev.switchboard.capture.sidecar.SidecarMain",
        "--node", "node1", "--listen", "127.0.0.1:" + port,
        "--token-file", tokenFile(dir).toString(),
        "--replay", capture.toString(),
        "--rules-file", fixture(dir, "node1-iptables-save.txt").toString()));
    Path log = dir.resolve("sidecar-" + port + "-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    SidecarProcess s = new SidecarProcess(p, port, log);
    s.awaitReady();
    return s;
  }

  /** What the sidecar printed so far. */
  public String log() throws IOException {
    return Files.readString(log);
  }

  /** Freezes (true) or thaws (false) the sidecar, as a stuck process or a silent network would. */
  public void freeze(boolean frozen) throws Exception {
    Process kill = new ProcessBuilder("kill", frozen ? "-STOP" : "-CONT",
        Long.toString(process.pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill " + (frozen ? "-STOP" : "-CONT") + " failed");
    }
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + port);
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the sidecar exited: " + Files.readString(log));
      }
      try {
        HttpURLConnection c = (HttpURLConnection) url().resolve("/v1/status").toURL()
            .openConnection();
        c.setRequestProperty("Authorization", "Bearer " + TOKEN);
        if (c.getResponseCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the sidecar did not answer within 30 s: " + Files.readString(log));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
