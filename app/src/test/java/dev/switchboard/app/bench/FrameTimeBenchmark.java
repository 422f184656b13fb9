package dev.switchboard.app.bench;

import dev.switchboard.app.trace.BackendStage;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.trace.DecisionStage;
import dev.switchboard.app.trace.Evidence;
import dev.switchboard.app.trace.Peer;
import dev.switchboard.app.trace.ServiceStage;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.ContainerPort;
import dev.switchboard.app.cluster.Endpoint;
import dev.switchboard.app.cluster.EndpointPort;
import dev.switchboard.app.cluster.EndpointSliceInfo;
import dev.switchboard.app.cluster.NodeInfo;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.PodPhase;
import dev.switchboard.app.cluster.ServiceInfo;
import dev.switchboard.app.cluster.ServicePort;
import dev.switchboard.app.cluster.ServiceType;
import dev.switchboard.app.cluster.Workload;
import dev.switchboard.app.ui.graph.GraphView;
import dev.switchboard.app.ui.graph.Grouping;
import dev.switchboard.app.ui.graph.SceneElement;
import dev.switchboard.layouts.Rect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import com.sun.javafx.perf.PerformanceTracker;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.stage.Stage;
import org.graphstream.graph.Graph;
import org.graphstream.graph.implementations.MultiGraph;
import org.graphstream.ui.fx_viewer.FxDefaultView;
import org.graphstream.ui.fx_viewer.FxViewer;
import org.graphstream.ui.javafx.FxGraphRenderer;
import org.graphstream.ui.view.Viewer;

/**
 * FX-thread time per frame of the cluster picture at 200 / 1,000 / 5,000 pods with five endpoint
 * edges per pod, in a real 1280×800 window (software rendering under Xvfb): our Canvas renderer
 * (fit-to-window and 1:1 zoom, plus a live run with readiness flips) against GraphStream's own
 * FxViewer drawing the same graph. Run with {@code mvn -Pbench-frames} under xvfb-run.
 */
public final class FrameTimeBenchmark {
  private static final int FRAMES = 240;

  private FrameTimeBenchmark() {}

  public static void main(String[] args) throws Exception {
    CountDownLatch up = new CountDownLatch(1);
    Platform.startup(up::countDown);
    up.await();
    Platform.setImplicitExit(false);
    System.out.println("pods\tedges\trenderer\tview\tp50-ms\tp95-ms\tmax-ms\tfps");
    for (String size : args.length == 0 ? new String[] {"200", "1000", "5000"} : args) {
      if (size.startsWith("teams:")) {
        grouped(Integer.parseInt(size.substring("teams:".length())));
        continue;
      }
      int pods = Integer.parseInt(size);
      ClusterStore store = cluster(pods);
      ours(store, pods);
      graphStream(store, pods);
    }
    Platform.exit();
  }

  /** {@code pods} pods over nodes; a Service per four pods with 20 endpoints each, so every pod is
   *  an endpoint of five Services: five edges per pod. */
  public static ClusterStore cluster(int pods) {
    ClusterStore store = new ClusterStore();
    int nodes = Math.max(2, pods / 100);
    for (int n = 0; n < nodes; n++) {
      store.putNode(new NodeInfo("node-" + n, "10.0.0." + n, null, "10.244." + n + ".0/24", true, null));
    }
    List<ContainerPort> ports = List.of(new ContainerPort("http", 8080, "TCP"));
    List<PodInfo> all = new ArrayList<>();
    for (int i = 0; i < pods; i++) {
      PodInfo p = new PodInfo("bench", "app-" + (i / 20) + "-7d4b8f9c8d-" + i, "uid-" + i,
          SyntheticCluster.podIp(i), List.of(SyntheticCluster.podIp(i)), "node-" + (i % nodes),
          PodPhase.RUNNING, true, false, false, Map.of("app", "app-" + (i / 20)), ports, 1,
          new Workload(Workload.DEPLOYMENT, "app-" + (i / 20)));
      store.putPod(p, 1);
      all.add(p);
    }
    int services = pods / 4;
    for (int s = 0; s < services; s++) {
      store.putService(new ServiceInfo("bench", "svc-" + s, "s" + s, ServiceType.CLUSTER_IP,
          "10.96." + (s / 250) + "." + (s % 250), List.of(), null, List.of(), List.of(),
          Map.of("app", "app-" + s), List.of(new ServicePort("http", "TCP", 80, "http", 0)),
          "None", 0, null, "Cluster"));
      List<Endpoint> eps = new ArrayList<>();
      for (int k = 0; k < 20; k++) {
        PodInfo p = all.get((s * 4 + k) % pods);
        eps.add(new Endpoint(List.of(p.ip()), true, true, false, p.nodeName(), "bench", p.name()));
      }
      store.putSlice(new EndpointSliceInfo("bench", "svc-" + s + "-x", "svc-" + s, "IPv4",
          List.of(new EndpointPort("http", "TCP", 8080)), eps));
    }
    return store;
  }

  /**
   * A cluster as teams have them: {@code namespaces} namespaces, Deployments of {@code perApp}
   * pods each behind a Service of their own, pods spread over {@code nodes} nodes.
   */
  public static ClusterStore teams(int pods, int namespaces, int perApp, int nodes) {
    ClusterStore store = new ClusterStore();
    for (int n = 0; n < nodes; n++) {
      store.putNode(new NodeInfo("node-" + n, "10.0." + n / 250 + "." + n % 250, null, null, true,
          null));
    }
    List<ContainerPort> ports = List.of(new ContainerPort("http", 8080, "TCP"));
    int apps = pods / perApp;
    for (int a = 0; a < apps; a++) {
      String ns = "shop-" + a % namespaces;
      String app = "app-" + a;
      List<Endpoint> eps = new ArrayList<>();
      for (int k = 0; k < perApp; k++) {
        int i = a * perApp + k;
        PodInfo p = new PodInfo(ns, app + "-7d4b8f9c8d-" + k, "uid-" + i, SyntheticCluster.podIp(i),
            List.of(SyntheticCluster.podIp(i)), "node-" + i % nodes, PodPhase.RUNNING, true, false,
            false, Map.of("app", app), ports, 1, new Workload(Workload.DEPLOYMENT, app));
        store.putPod(p, 1);
        eps.add(new Endpoint(List.of(p.ip()), true, true, false, p.nodeName(), ns, p.name()));
      }
      store.putService(new ServiceInfo(ns, app, "s" + a, ServiceType.CLUSTER_IP,
          "10.96." + a / 250 + "." + a % 250, List.of(), null, List.of(), List.of(),
          Map.of("app", app), List.of(new ServicePort("http", "TCP", 80, "http", 0)), "None", 0,
          null, "Cluster"));
      store.putSlice(new EndpointSliceInfo(ns, app + "-x", app, "IPv4",
          List.of(new EndpointPort("http", "TCP", 8080)), eps));
    }
    return store;
  }

  /** Runs on the FX thread and waits for the result (10 minutes at most: only a hang). */
  public static <T> T fx(Callable<T> c) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        f.complete(c.call());
      } catch (Exception e) {
        f.completeExceptionally(e);
      }
    });
    return f.get(10, java.util.concurrent.TimeUnit.MINUTES);
  }

  private static void ours(ClusterStore store, int pods) throws Exception {
    GraphView view = fx(() -> {
      GraphView g = new GraphView();
      g.grouping(Grouping.Mode.PODS); // these rows measure every pod drawn (see "grouped")
      Stage stage = new Stage();
      stage.setScene(new Scene(g, 1280, 800));
      stage.show();
      g.attach(store);
      return g;
    });
    while (fx(() -> view.scene().elements().size()) < pods || fx(() -> view.scene().animating(System.nanoTime()))) {
      Thread.sleep(100);
    }
    int edges = fx(() -> view.scene().edges().size());
    Thread.sleep(300);
    report(pods, edges, "canvas", "fit", measure(() -> view.redrawNow(System.nanoTime())),
        sustainedFps(view));
    // 1:1: the real zoom a person reads labels at; most cards are culled off screen.
    fx(() -> {
      view.fireEvent(new javafx.scene.input.ScrollEvent(javafx.scene.input.ScrollEvent.SCROLL, 640, 400,
          640, 400, false, false, false, false, false, false, 0, 2000, 0, 0, null, 0, null, 0, 0, null));
      return null;
    });
    Thread.sleep(400); // the wheel zoom rests (after 150 ms): full redraws from here
    report(pods, edges, "canvas", "zoomed", measure(() -> view.redrawNow(System.nanoTime())),
        sustainedFps(view));

    // Live: a tenth of the pods flip readiness every 100 ms for 3 s; frames as the cadence runs.
    // At the fit view, so the flipped cards are on screen: JavaFX presents a frame only when
    // something visible changed, and at 1:1 most flips are off screen (the counter then measured
    // idleness: 0.3 fps with pulses on time).
    fx(() -> {
      view.fit();
      return null;
    });
    Thread.sleep(500);
    PerformanceTracker tracker = freshCounters(view);
    long end = System.currentTimeMillis() + 3000;
    boolean ready = false;
    while (System.currentTimeMillis() < end) {
      flip(store, pods, ready);
      ready = !ready;
      Thread.sleep(100);
    }
    double[] live = fx(() -> new double[] {view.stats().percentileMs(50), view.stats().percentileMs(95),
        view.stats().percentileMs(100), tracker.getAverageFPS()});
    System.out.printf("%d\t%d\tcanvas\tlive flips\t%.2f\t%.2f\t%.2f\t%.1f%n", pods, edges,
        live[0], live[1], live[2], live[3]);
    traffic(view, pods, edges);
    gestures(view, pods, edges);
    fx(() -> {
      view.dispose();
      ((Stage) view.getScene().getWindow()).close();
      return null;
    });
  }

  /**
   * A big cluster as teams have it ({@link #teams}: 50 namespaces, Deployments of 15 pods, 100
   * nodes) in the Auto grouping: it opens as one card per namespace. Rows: the whole picture
   * redrawn, one pod in a hundred flipping readiness every 100 ms (the namespace cards' counts
   * follow), and a zoom gesture.
   */
  private static void grouped(int pods) throws Exception {
    ClusterStore store = teams(pods, 50, 15, 100);
    long t0 = System.nanoTime();
    GraphView view = fx(() -> {
      GraphView g = new GraphView();
      Stage stage = new Stage();
      stage.setScene(new Scene(g, 1280, 800));
      stage.show();
      g.attach(store);
      return g;
    });
    while (fx(() -> view.scene().cardCount()) < pods + pods / 15
        || fx(() -> view.scene().animating(System.nanoTime()))) {
      Thread.sleep(100);
    }
    System.out.printf("# teams %d: whole picture after %.1f s, %d group cards%n", pods,
        (System.nanoTime() - t0) / 1e9, fx(() -> view.grouping().cards().size()));
    int edges = fx(() -> view.scene().edges().size());
    Thread.sleep(300);
    report(pods, edges, "canvas", "grouped, full redraw, fit",
        measure(() -> view.redrawNow(System.nanoTime())), sustainedFps(view));
    fx(() -> {
      Screenshot.save(view, "frames-teams-" + pods);
      return null;
    });
    PerformanceTracker tracker = freshCounters(view);
    long end = System.currentTimeMillis() + 3000;
    boolean ready = false;
    while (System.currentTimeMillis() < end) {
      flip(store, ready, 100);
      ready = !ready;
      Thread.sleep(100);
    }
    double[] live = fx(() -> new double[] {view.stats().percentileMs(50),
        view.stats().percentileMs(95), view.stats().percentileMs(100), tracker.getAverageFPS()});
    System.out.printf("%d\t%d\tcanvas\tgrouped, live flips (1 %% per 100 ms)\t%.2f\t%.2f\t%.2f"
        + "\t%.1f%n", pods, edges, live[0], live[1], live[2], live[3]);
    gesture(view, pods, edges, "grouped, zoom gesture", false, wheelSteps(view));
    fx(() -> {
      view.dispose();
      ((Stage) view.getScene().getWindow()).close();
      return null;
    });
  }

  /**
   * Live traffic: 1,000 connections a second for 3 s, each sent across the picture (client pod →
   * Service → backend pod); beyond the overlay's 300 flights in the air they are counted, not drawn.
   */
  private static void traffic(GraphView view, int pods, int edges) throws Exception {
    PerformanceTracker tracker = freshCounters(view);
    long end = System.currentTimeMillis() + 3000;
    int n = 0;
    while (System.currentTimeMillis() < end) {
      List<ConnectionTrace> batch = new ArrayList<>();
      for (int i = 0; i < 100; i++, n++) {
        batch.add(connection(n, pods));
      }
      fx(() -> {
        batch.forEach(view::fly);
        return null;
      });
      Thread.sleep(100);
    }
    double[] live = fx(() -> new double[] {view.stats().percentileMs(50),
        view.stats().percentileMs(95), view.stats().percentileMs(100), tracker.getAverageFPS(),
        view.traffic()[1]});
    fx(() -> {
      Screenshot.save(view, "frames-traffic-" + pods);
      return null;
    });
    System.out.printf("%d\t%d\tcanvas\ttraffic 1,000/s\t%.2f\t%.2f\t%.2f\t%.1f\t(%d of %d"
        + " not drawn)%n", pods, edges, live[0], live[1], live[2], live[3], (long) live[4], n);
  }

  /**
   * A person zooming and panning: 3 s of wheel steps (in, then out, every 16 ms around the
   * middle), then 3 s of a background drag, then both again with 1,000 connections/s in flight.
   * The picture is drawn sharp once each gesture rests; presented frames are what counts.
   */
  private static void gestures(GraphView view, int pods, int edges) throws Exception {
    for (boolean withTraffic : new boolean[] {false, true}) {
      String load = withTraffic ? " + traffic 1,000/s" : "";
      gesture(view, pods, edges, "zoom gesture" + load, withTraffic, wheelSteps(view));
      fx(() -> {
        view.fit();
        return null;
      });
      Thread.sleep(500);
      gesture(view, pods, edges, "pan gesture" + load, withTraffic, step -> {
        double x = 4 + (step % 120 < 60 ? step % 60 : 60 - step % 60) * 4;
        javafx.event.EventType<javafx.scene.input.MouseEvent> type = step == 0
            ? javafx.scene.input.MouseEvent.MOUSE_PRESSED
            : javafx.scene.input.MouseEvent.MOUSE_DRAGGED;
        view.fireEvent(mouse(type, x, 4));
      });
      fx(() -> {
        view.fireEvent(mouse(javafx.scene.input.MouseEvent.MOUSE_RELEASED, 4, 4));
        view.fit();
        return null;
      });
      Thread.sleep(500);
    }
  }

  /** Wheel steps around the window's middle: in for 60 steps, out for 60, and so on. */
  private static java.util.function.IntConsumer wheelSteps(GraphView view) {
    return step -> {
      double dy = (step / 60) % 2 == 0 ? 40 : -40;
      view.fireEvent(new javafx.scene.input.ScrollEvent(javafx.scene.input.ScrollEvent.SCROLL,
          640, 400, 640, 400, false, false, false, false, false, false, 0, dy, 0, dy, null, 0,
          null, 0, 0, null));
    };
  }

  private static javafx.scene.input.MouseEvent mouse(
      javafx.event.EventType<javafx.scene.input.MouseEvent> type, double x, double y) {
    return new javafx.scene.input.MouseEvent(type, x, y, x, y,
        javafx.scene.input.MouseButton.SECONDARY, 1, false, false, false, false, false, false,
        true, false, false, false, null);
  }

  /**
   * One gesture for 3 s: a step on every pulse, as a touchpad or a wheel spun fast delivers them
   * (steps posted from another thread every 16 ms arrived out of step with the pulses: some
   * pulses had none to show, which capped the count below 60 whatever the drawing cost), and
   * 100 connections every 100 ms when {@code withTraffic}.
   */
  private static void gesture(GraphView view, int pods, int edges, String what,
      boolean withTraffic, java.util.function.IntConsumer step) throws Exception {
    if (!withTraffic) {
      // the connections of the row before would still be landing for 2.4 s of this one
      fx(() -> {
        view.clearTraffic();
        return null;
      });
    }
    PerformanceTracker tracker = freshCounters(view);
    javafx.animation.AnimationTimer stepper = fx(() -> {
      javafx.animation.AnimationTimer t = new javafx.animation.AnimationTimer() {
        private int i;

        @Override
        public void handle(long now) {
          step.accept(i++);
        }
      };
      t.start();
      return t;
    });
    long end = System.currentTimeMillis() + 3000;
    for (int n = 0; System.currentTimeMillis() < end; ) {
      List<ConnectionTrace> batch = new ArrayList<>();
      for (int k = 0; withTraffic && k < 100; k++, n++) {
        batch.add(connection(n, pods));
      }
      fx(() -> {
        batch.forEach(view::fly);
        return null;
      });
      Thread.sleep(100);
    }
    double[] r = fx(() -> {
      stepper.stop();
      return new double[] {view.stats().percentileMs(50), view.stats().percentileMs(95),
          view.stats().percentileMs(100), tracker.getAverageFPS()};
    });
    System.out.printf("%d	%d	canvas	%s	%.2f	%.2f	%.2f	%.1f%n", pods, edges, what, r[0], r[1],
        r[2], r[3]);
  }

  /** Frame times and JavaFX's presented-frame counter, both from zero. */
  private static PerformanceTracker freshCounters(GraphView view) throws Exception {
    view.stats().reset();
    return fx(() -> {
      PerformanceTracker t = PerformanceTracker.getSceneTracker(view.getScene());
      t.resetAverageFPS();
      return t;
    });
  }

  /** Pictures for people to look at: target/screenshots. */
  private static final class Screenshot {
    static void save(GraphView g, String name) throws java.io.IOException {
      java.nio.file.Path dir = java.nio.file.Path.of("target", "screenshots");
      java.nio.file.Files.createDirectories(dir);
      java.nio.file.Files.write(dir.resolve(name + ".png"),
          dev.switchboard.app.ui.report.Png.of(g.snapshot(null, null)));
    }
  }

  private static ConnectionTrace connection(int n, int pods) {
    int svc = n % (pods / 4);
    int client = (n * 7) % pods;
    int backend = (svc * 4 + n % 20) % pods;
    Peer from = new Peer(SyntheticCluster.podIp(client), 40000 + n % 20000, "bench",
        "app-" + (client / 20) + "-7d4b8f9c8d-" + client, null);
    Peer to = new Peer(SyntheticCluster.podIp(backend), 8080, "bench",
        "app-" + (backend / 20) + "-7d4b8f9c8d-" + backend, null);
    return new ConnectionTrace("bench/" + n, List.of("node-0"), "TCP", from, null,
        new Peer("10.96.0.1", 80, null, null, null), 0, null,
        new ServiceStage("bench", "svc-" + svc, "http", 80, "clusterIP", Evidence.OBSERVED),
        new DecisionStage("iptables", "bench", 0.05, 20, 0, "bench", Evidence.OBSERVED, List.of()),
        new BackendStage(to, "capture", Evidence.OBSERVED), n % 10 == 0 ? "refused" : "closed",
        System.nanoTime(), 1_000_000, 100_000);
  }

  private static void flip(ClusterStore store, int pods, boolean ready) {
    flip(store, ready, 10);
  }

  /** Flips the readiness of one pod in {@code every}. */
  private static void flip(ClusterStore store, boolean ready, int every) {
    List<PodInfo> some = store.read(ix -> ix.pods().stream()
        .filter(p -> p.uid().hashCode() % every == 0).toList());
    for (PodInfo p : some) {
      store.putPod(new PodInfo(p.namespace(), p.name(), p.uid(), p.ip(), p.ips(), p.nodeName(),
          p.phase(), ready, false, false, p.labels(), p.ports(), p.startedAtMillis(), p.workload()), 2);
    }
  }

  private static void graphStream(ClusterStore store, int pods) throws Exception {
    GraphView positions = fx(() -> {
      GraphView g = new GraphView();
      g.grouping(Grouping.Mode.PODS);
      new Scene(g, 1280, 800);
      g.attach(store);
      return g;
    });
    while (fx(() -> positions.scene().elements().size()) < pods) {
      fx(() -> positions.redrawNow(System.nanoTime()));
    }
    fx(() -> positions.redrawNow(System.nanoTime()));
    System.setProperty("org.graphstream.ui", "javafx");
    Object[] made = fx(() -> {
      Graph graph = new MultiGraph("bench");
      graph.setAttribute("ui.stylesheet", "node { shape: box; size: 150px, 40px; fill-color: white;"
          + " stroke-mode: plain; text-alignment: center; } edge { fill-color: #009e73; }");
      for (SceneElement e : positions.scene().elements()) {
        Rect r = positions.placement(e.key());
        var n = graph.addNode(e.key());
        n.setAttribute("xyz", r.centerX(), -r.centerY(), 0);
        n.setAttribute("ui.label", e.key());
      }
      positions.scene().edges().forEach(e -> graph.addEdge(e.serviceKey() + "→" + e.targetKey()
          + graph.getEdgeCount(), e.serviceKey(), e.targetKey(), true));
      FxViewer viewer = new FxViewer(graph, Viewer.ThreadingModel.GRAPH_IN_GUI_THREAD);
      viewer.disableAutoLayout();
      FxDefaultView view = (FxDefaultView) viewer.addDefaultView(false, new FxGraphRenderer());
      Stage stage = new Stage();
      stage.setScene(new Scene(view, 1280, 800));
      stage.show();
      return new Object[] {viewer, view, stage, graph.getEdgeCount()};
    });
    FxDefaultView view = (FxDefaultView) made[1];
    Thread.sleep(500);
    Canvas canvas = fx(() -> (Canvas) view.getChildren().stream().filter(c -> c instanceof Canvas)
        .findFirst().orElseThrow());
    // FxViewer repaints on its own 40 ms timer (≤25 fps); only its draw time is measured here.
    report(pods, (Integer) made[3], "graphstream-fx", "fit",
        measure(() -> {
          long t = System.nanoTime();
          view.render(canvas.getGraphicsContext2D());
          return System.nanoTime() - t;
        }), Double.NaN);
    fx(() -> {
      ((FxViewer) made[0]).close();
      ((Stage) made[2]).close();
      positions.dispose();
      return null;
    });
  }

  private interface Frame {
    long draw() throws Exception;
  }

  private static long[] measure(Frame frame) throws Exception {
    for (int i = 0; i < 30; i++) {
      fx(frame::draw); // warm up the JIT
    }
    long[] ns = new long[FRAMES];
    for (int i = 0; i < FRAMES; i++) {
      ns[i] = fx(frame::draw);
    }
    Arrays.sort(ns);
    return ns;
  }

  /** Frames JavaFX actually presented per second, redrawing on every pulse for 3 s. */
  private static double sustainedFps(GraphView view) throws Exception {
    PerformanceTracker tracker = fx(() -> {
      view.continuous(true);
      PerformanceTracker t = PerformanceTracker.getSceneTracker(view.getScene());
      t.resetAverageFPS();
      return t;
    });
    Thread.sleep(3000);
    return fx(() -> {
      view.continuous(false);
      return (double) tracker.getAverageFPS();
    });
  }

  private static void report(int pods, int edges, String renderer, String view, long[] sorted,
      double fps) {
    System.out.printf("%d\t%d\t%s\t%s\t%.2f\t%.2f\t%.2f\t%s%n", pods, edges, renderer, view,
        sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.95)] / 1e6,
        sorted[sorted.length - 1] / 1e6, Double.isNaN(fps) ? "–" : String.format("%.1f", fps));
  }
}
