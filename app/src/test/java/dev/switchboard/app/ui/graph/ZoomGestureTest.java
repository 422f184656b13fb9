package dev.switchboard.app.ui.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.bench.FrameTimeBenchmark;
import dev.switchboard.app.cluster.ClusterStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.input.ScrollEvent;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A wheel zoom in a real window: while the wheel turns, the drawn layers are scaled to the new
 * view as one cached bitmap (the card under the pointer stays under it, and a click there picks it), and once the wheel
 * rests the layers lose their transform: the picture is drawn sharp at the new scale.
 */
@ExtendWith(ApplicationExtension.class)
class ZoomGestureTest {
  private GraphView graph;

  @Start
  void start(Stage stage) {
    ClusterStore store = FrameTimeBenchmark.cluster(40);
    graph = new GraphView();
    stage.setScene(new Scene(graph, 1000, 700));
    stage.show();
    graph.attach(store);
  }

  private static <T> T fx(Supplier<T> s) throws Exception {
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        f.complete(s.get());
      } catch (RuntimeException e) {
        f.completeExceptionally(e);
      }
    });
    return f.get(30, TimeUnit.SECONDS);
  }

  /** For people to look at: target/screenshots. */
  private void shot(String name) throws Exception {
    byte[] png = fx(() -> {
      try {
        return dev.switchboard.app.ui.report.Png.of(graph.snapshot(null, null));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    java.nio.file.Path dir = java.nio.file.Path.of("target", "screenshots");
    java.nio.file.Files.createDirectories(dir);
    java.nio.file.Files.write(dir.resolve(name + ".png"), png);
  }

  /** Whether the drawn picture (the layers under the connections in flight) is transformed. */
  private boolean scaled() throws Exception {
    return fx(() -> graph.getChildrenUnmodifiable().stream()
        .anyMatch(c -> !c.getTransforms().isEmpty()));
  }

  /** Whether the picture is cached as one bitmap (so a zoom composites one layer, not three). */
  private boolean cached() throws Exception {
    return fx(() -> graph.getChildrenUnmodifiable().stream().anyMatch(javafx.scene.Node::isCache));
  }

  private static void waitFor(String what, java.util.concurrent.Callable<Boolean> done)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.call()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
      Thread.sleep(50);
    }
  }

  @Test
  void theDrawnPictureFollowsTheWheelThenIsDrawnSharp() throws Exception {
    String key = ClusterScene.podKey("bench", "app-0-7d4b8f9c8d-0");
    String other = ClusterScene.podKey("bench", "app-1-7d4b8f9c8d-39");
    waitFor("the cards placed", () -> fx(() -> graph.screenCenterOf(key) != null
        && graph.screenCenterOf(other) != null));
    // the picture is fitted to the window once laid out: wait until the card stops moving
    Point2D[] last = {null};
    waitFor("the picture settled", () -> {
      Point2D now = fx(() -> graph.screenCenterOf(key));
      boolean same = now.equals(last[0]);
      last[0] = now;
      Thread.sleep(300);
      return same;
    });
    Point2D at = fx(() -> graph.screenCenterOf(key));
    Point2D local = fx(() -> graph.screenToLocal(at));
    double apartBefore = fx(() -> graph.screenCenterOf(other).distance(at));

    fx(() -> {
      graph.fireEvent(new ScrollEvent(ScrollEvent.SCROLL, local.getX(), local.getY(), at.getX(),
          at.getY(), false, false, false, false, false, false, 0, 300, 0, 300, null, 0, null, 0,
          0, null));
      return null;
    });
    assertTrue(scaled(), "the drawn layers are scaled while the wheel turns");
    assertTrue(cached(), "as one cached bitmap");
    shot("zoom-gesture-mid");
    double apartDuring = fx(() -> graph.screenCenterOf(other).distance(at));
    assertTrue(apartDuring > apartBefore * 1.5, "zoomed in: " + apartBefore + " → "
        + apartDuring + " px apart");
    Point2D still = fx(() -> graph.screenCenterOf(key));
    assertEquals(at.getX(), still.getX(), 0.5, "the card under the pointer stays under it");
    assertEquals(at.getY(), still.getY(), 0.5);
    fx(() -> {
      Clicks.at(graph, at);
      return null;
    });
    assertEquals(key, fx(() -> graph.selected()), "a click mid-zoom picks what is shown there");

    waitFor("the wheel at rest and the picture drawn sharp", () -> !scaled());
    assertTrue(!cached(), "no longer cached: a cached picture would re-render whole on every"
        + " change");
    Thread.sleep(100);
    shot("zoom-gesture-rested");
    assertEquals(apartDuring, fx(() -> graph.screenCenterOf(other).distance(at)), 0.5,
        "drawn at the view the wheel left");
  }
}
