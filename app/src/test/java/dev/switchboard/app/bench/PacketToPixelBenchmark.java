package dev.switchboard.app.bench;

import dev.switchboard.app.cli.SidecarOptions;
import dev.switchboard.app.cli.SourceOptions;
import dev.switchboard.app.ui.LaunchConfig;
import dev.switchboard.app.ui.MainWindow;
import dev.switchboard.app.ui.graph.FrameStats;
import dev.switchboard.app.ui.theme.Theme;
import dev.switchboard.capture.lab.Lab;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/**
 * Packet to pixel: the network lab's real traffic, a real sidecar on each node, the real window
 * following them; for every connection, the time from its SYN's capture timestamp to the first
 * frame that drew it (same host, same clock). Connections are drawn under way once their
 * translation is seen; those whose translation never comes (REJECT) are drawn when finished.
 * Needs root and a display: {@code xvfb-run -a mvn -Pbench-latency} (see docs/benchmarks.md).
 * Main thread; the window on the FX thread.
 */
public final class PacketToPixelBenchmark {
  private PacketToPixelBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    Lab lab = new Lab(Path.of("..", "capture", "lab", "lab.sh"), Path.of("target", "latency-lab"));
    String java = ProcessHandle.current().info().command().orElse("java");
    List<Process> sidecars = new ArrayList<>();
    MainWindow[] window = new MainWindow[1];
    try {
      lab.lab("up", "iptables");
      String token = Files.readString(lab.state().resolve("token")).strip();
      List<URI> urls = new ArrayList<>();
      for (String[] n : List.of(new String[] {"node1", "10.250.9.2"},
          new String[] {"node2", "10.250.9.6"})) {
        sidecars.add(lab.start(List.of("ip", "netns", "exec", "sb-" + n[0], java, "-cp",
            System.getProperty("java.class.path"), "dev.switchboard.capture.sidecar.SidecarMain",
            "--node", n[0], "--listen", n[1] + ":7443", "--token-file",
            lab.state().resolve("token").toString(), "--syn-timeout", "3")));
        urls.add(URI.create("http://" + n[1] + ":7443"));
      }
      CountDownLatch up = new CountDownLatch(1);
      Platform.startup(up::countDown);
      up.await();
      LaunchConfig config = new LaunchConfig(new SourceOptions(lab.state().resolve("cluster.json"),
          null, null, null), Theme.LIGHT, new SidecarOptions(urls, token), List.of());
      Stage[] stage = new Stage[1];
      FrameTimeBenchmark.fx(() -> {
        stage[0] = new Stage();
        window[0] = new MainWindow(stage[0], config, Map.of());
        window[0].show();
        return null;
      });
      long deadline = System.currentTimeMillis() + 60_000;
      while (!links(stage[0]).contains("node1: live") || !links(stage[0]).contains("node2: live")) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("sidecars not streaming: " + links(stage[0]));
        }
        Thread.sleep(200);
      }
      int requests = Lab.parse(lab.lab("traffic", String.valueOf(rounds))).size();
      Thread.sleep(5000);
      FrameStats[] latency = FrameTimeBenchmark.fx(() -> window[0].graph().trafficLatency());
      String status = links(stage[0]);
      System.out.printf("requests %d; %s%n", requests, status);
      System.out.println("drawn\tconnections\tp50-ms\tp95-ms\tp99-ms\tmax-ms");
      report("under way", latency[0]);
      report("when finished", latency[1]);
      report("all", latency[2]);
    } finally {
      if (window[0] != null) {
        FrameTimeBenchmark.fx(() -> {
          window[0].close();
          return null;
        });
      }
      sidecars.forEach(Process::destroy);
      lab.lab("down");
      Platform.exit();
    }
  }

  private static String links(Stage stage) throws Exception {
    return FrameTimeBenchmark.fx(() -> ((Label) stage.getScene().lookup("#status-links"))
        .getText());
  }

  private static void report(String what, FrameStats s) {
    System.out.printf("%s\t%d\t%.1f\t%.1f\t%.1f\t%.1f%n", what, s.frames(), s.percentileMs(50),
        s.percentileMs(95), s.percentileMs(99), s.percentileMs(100));
  }
}
