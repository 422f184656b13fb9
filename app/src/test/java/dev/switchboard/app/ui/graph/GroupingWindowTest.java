package dev.switchboard.app.ui.graph;

import static dev.switchboard.app.bench.FrameTimeBenchmark.fx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.switchboard.app.bench.FrameTimeBenchmark;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.layouts.Rect;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A cluster too big to draw pod by pod, in a real window: it opens, from its first frame, as one
 * card per namespace with its counts (readable, the counts following the pods), a click opens a
 * namespace into its Services and workload cards (edges bundled), a click on a workload shows its
 * pods on their nodes, C collapses again, and "Every pod" shows every pod.
 */
@ExtendWith(ApplicationExtension.class)
class GroupingWindowTest {
  private static final int PODS = 3_000;
  private static final int NAMESPACES = 6;
  private static final int PER_APP = 10;
  private static final String SHOP_1 = "ns:shop-1";
  /** App 7 lives in shop-1 (apps go round the namespaces). */
  private static final String APP_7 = "wl:shop-1/Deployment/app-7";
  private static final String APP_7_POD = ClusterScene.podKey("shop-1", "app-7-7d4b8f9c8d-3");

  private GraphView graph;
  private ClusterStore store;
  /** Pulses in which the picture held cards but had collapsed nothing yet. */
  private final java.util.concurrent.atomic.AtomicInteger framesUncollapsed =
      new java.util.concurrent.atomic.AtomicInteger();

  @Start
  void start(Stage stage) {
    store = FrameTimeBenchmark.teams(PODS, NAMESPACES, PER_APP, 40);
    graph = new GraphView();
    stage.setScene(new Scene(graph, 1200, 800));
    stage.show();
    graph.onPulse(() -> {
      if (graph.scene().cardCount() > 0 && graph.grouping().cards().isEmpty()) {
        framesUncollapsed.incrementAndGet();
      }
    });
    graph.attach(store);
  }

  private void waitFor(String what, Callable<Boolean> done) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!done.call()) {
      if (System.nanoTime() > deadline) {
        // what the picture was like, for whoever reads the failure
        shot("grouping-timed-out");
        fail("timed out waiting for " + what + "; smallest text " + fx(graph::smallestTextPx)
            + " px, cards " + fx(() -> graph.grouping().cards().keySet()) + ", placed "
            + fx(() -> graph.placement(SHOP_1)) + ", window " + fx(graph::getWidth) + "×"
            + fx(graph::getHeight));
      }
      Thread.sleep(50);
    }
  }

  private void shot(String name) throws Exception {
    Thread.sleep(300); // the fades of what just came are over
    byte[] png = fx(() -> dev.switchboard.app.ui.report.Png.of(graph.snapshot(null, null)));
    java.nio.file.Path dir = java.nio.file.Path.of("target", "screenshots");
    java.nio.file.Files.createDirectories(dir);
    java.nio.file.Files.write(dir.resolve(name + ".png"), png);
  }

  private void click(String key) throws Exception {
    fx(() -> {
      Clicks.at(graph, graph.screenCenterOf(key));
      return null;
    });
  }

  private Rect at(String key) throws Exception {
    return fx(() -> graph.placement(key));
  }

  private boolean placedOnItsOwn(String key) throws Exception {
    return fx(() -> graph.scene().element(key) != null && graph.placement(key) != null
        && graph.grouping().shownAs(graph.scene().element(key)).equals(key));
  }

  @Test
  void aBigClusterOpensAsNamespacesThatOpenOnClick() throws Exception {
    waitFor("every pod in the scene, shop-1 as one card", () -> fx(() ->
        graph.scene().cardCount() == PODS + PODS / PER_APP && graph.grouping().cards().containsKey(SHOP_1)
            && graph.placement(SHOP_1) != null));
    assertEquals(0, framesUncollapsed.get(), "collapsed from its first frame, not drawn card by"
        + " card up to the limit first");
    GroupCard shop1 = fx(() -> graph.grouping().cards().get(SHOP_1));
    assertEquals(PODS / NAMESPACES, shop1.pods());
    assertEquals(PODS / NAMESPACES, shop1.count(PodLook.READY));
    assertEquals(PODS / NAMESPACES / PER_APP, shop1.services());
    assertEquals(PODS / NAMESPACES / PER_APP, shop1.workloads());
    assertEquals(NAMESPACES, fx(() -> graph.grouping().cards().size()));
    assertFalse(placedOnItsOwn(APP_7_POD), "no pod drawn on its own");
    assertEquals(at(SHOP_1), at(APP_7_POD), "a pod's connections fly to its namespace's card");
    waitFor("card text drawn at a readable size", () -> {
      double px = fx(graph::smallestTextPx);
      return px >= 9 && px < Double.POSITIVE_INFINITY;
    });
    shot("grouping-namespaces");

    // the counts follow the pods without anything moving
    Rect before = at(SHOP_1);
    for (int k = 0; k < 7; k++) {
      String name = "app-7-7d4b8f9c8d-" + k;
      PodInfo q = store.read(i -> i.pod(new ObjectKey("shop-1", name)));
      store.putPod(new PodInfo(q.namespace(), q.name(), q.uid(), q.ip(), q.ips(), q.nodeName(),
          q.phase(), false, false, false, q.labels(), q.ports(), q.startedAtMillis(),
          q.workload()), 2);
    }
    waitFor("7 not ready in shop-1's counts", () -> fx(() ->
        graph.grouping().cards().get(SHOP_1).count(PodLook.NOT_READY) == 7));
    assertEquals(before, at(SHOP_1));

    click(SHOP_1);
    waitFor("shop-1 opened into Services and workloads", () -> fx(() ->
        !graph.grouping().cards().containsKey(SHOP_1) && graph.placement(APP_7) != null));
    assertTrue(placedOnItsOwn("svc:shop-1/app-7"), "its Services are cards");
    assertEquals(at(APP_7), at(APP_7_POD), "its pods are in their workload's card");
    assertEquals(7, fx(() -> graph.grouping().cards().get(APP_7).count(PodLook.NOT_READY)));
    assertNotNull(at("ns:shop-2"), "the other namespaces stay collapsed");
    Point2D app7 = fx(() -> graph.screenToLocal(graph.screenCenterOf(APP_7)));
    assertTrue(fx(() -> graph.getLayoutBounds().contains(app7)),
        "the view went to what opened");
    shot("grouping-namespace-opened");

    click(APP_7);
    waitFor("app-7's pods on their own", () -> placedOnItsOwn(APP_7_POD));
    assertNull(fx(() -> graph.grouping().cards().get(APP_7)));
    assertNotEquals(at("svc:shop-1/app-7"), at(APP_7_POD));
    shot("grouping-workload-opened");

    fx(() -> {
      graph.select(APP_7_POD);
      return graph.collapseSelected();
    });
    waitFor("app-7 collapsed again", () -> fx(() -> graph.placement(APP_7) != null)
        && !placedOnItsOwn(APP_7_POD));

    fx(() -> {
      graph.grouping(Grouping.Mode.PODS);
      return null;
    });
    waitFor("every pod on its own", () -> placedOnItsOwn(APP_7_POD)
        && placedOnItsOwn(ClusterScene.podKey("shop-5", "app-299-7d4b8f9c8d-9")));
    assertTrue(fx(() -> graph.grouping().cards().isEmpty()));
    shot("grouping-every-pod");
  }
}
