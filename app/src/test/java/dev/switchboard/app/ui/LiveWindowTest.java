package dev.switchboard.app.ui;

import static dev.switchboard.app.ui.MainWindowTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.switchboard.app.cli.SourceOptions;
import dev.switchboard.app.cluster.EndpointState;
import dev.switchboard.app.cluster.kube.ListWatchApiServer;
import dev.switchboard.app.cluster.kube.TestKubeconfig;
import dev.switchboard.app.ui.graph.EndpointEdge;
import dev.switchboard.app.ui.graph.PodLook;
import dev.switchboard.app.ui.graph.SceneElement;
import dev.switchboard.app.ui.theme.Theme;
import dev.switchboard.layouts.Rect;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.geometry.Point2D;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The window on a live (test) API server: changes animate as the seeds' Lesson A describes. */
@ExtendWith(ApplicationExtension.class)
class LiveWindowTest {
  @TempDir static Path tmp;
  private static ListWatchApiServer server;
  private MainWindow window;
  private Stage stage;

  @Start
  void start(Stage stage) throws Exception {
    server = new ListWatchApiServer();
    try (InputStream in = getClass().getResourceAsStream("/fixtures/real-lab-1/cluster.yaml")) {
      server.seed(in);
    }
    server.start();
    Path kubeconfig = TestKubeconfig.temp(server.url());
    this.stage = stage;
    window = new MainWindow(stage, new LaunchConfig(new SourceOptions(null, kubeconfig, null, null),
        Theme.LIGHT), Map.of());
    window.show();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SceneElement element(String key) {
    return Fx.call(() -> window.graph().scene().element(key));
  }

  private Rect placed(String key) {
    return Fx.call(() -> window.graph().placement(key));
  }

  private void shot(FxRobot robot, String name) {
    robot.interact(() -> Screenshots.save(stage.getScene().getRoot(), name));
  }

  private JsonObject webSlice() {
    for (var e : server.exportAll()) {
      JsonObject o = e.getAsJsonObject();
      JsonObject labels = o.getAsJsonObject("metadata").getAsJsonObject("labels");
      if (o.get("kind").getAsString().equals("EndpointSlice") && labels != null
          && "web".equals(labels.get("kubernetes.io/service-name").getAsString())) {
        return o;
      }
    }
    throw new AssertionError("no web slice");
  }

  @Test
  void lessonA_aReplacedPodFadesOutAndItsReplacementFadesInWithANewIp(FxRobot robot) throws Exception {
    waitFor("live cluster drawn", () -> element("pod:demo/web-3") != null
        && Fx.call(() -> window.graph().scene().edges().size()) >= 23);
    Thread.sleep(800);
    Rect web1 = placed("pod:demo/web-1");
    Rect web3 = placed("pod:demo/web-3");
    shot(robot, "live-before");

    // The ReplicaSet replaces web-2: the old pod goes, web-4 arrives with a new IP.
    JsonObject web4 = server.get("Pod", "demo", "web-2");
    web4.getAsJsonObject("metadata").addProperty("name", "web-4");
    web4.getAsJsonObject("metadata").remove("uid");
    web4.getAsJsonObject("status").addProperty("podIP", "10.244.0.14");
    server.delete("Pod", "demo", "web-2");
    server.apply(web4);
    JsonObject slice = webSlice();
    for (var ep : slice.getAsJsonArray("endpoints")) {
      JsonObject o = ep.getAsJsonObject();
      if (o.getAsJsonObject("targetRef").get("name").getAsString().equals("web-2")) {
        o.getAsJsonObject("targetRef").addProperty("name", "web-4");
        o.add("addresses", new com.google.gson.JsonArray());
        o.getAsJsonArray("addresses").add("10.244.0.14");
      }
    }
    server.apply(slice);

    waitFor("web-2 fading out", () -> {
      SceneElement e = element("pod:demo/web-2");
      return e != null && e.removing();
    });
    Thread.sleep(300);
    double midAlpha = Fx.call(() -> element("pod:demo/web-2").alpha(System.nanoTime()));
    assertTrue(midAlpha > 0.02 && midAlpha < 0.98, "mid-fade opacity " + midAlpha);
    shot(robot, "live-replacement-midfade");
    waitFor("web-2 gone", () -> element("pod:demo/web-2") == null);
    SceneElement replacement = element("pod:demo/web-4");
    assertNotNull(replacement);
    assertEquals("10.244.0.14", replacement.pod().ip());
    assertEquals(web1, placed("pod:demo/web-1"), "web-1 did not move");
    assertEquals(web3, placed("pod:demo/web-3"), "web-3 did not move");
    waitFor("the web Service's edge goes to web-4", () -> Fx.call(() -> window.graph().scene()
        .edges().stream().anyMatch(e -> e.serviceKey().equals("svc:demo/web")
            && e.targetKey().equals("pod:demo/web-4") && !e.removing())));
    Thread.sleep(800);
    shot(robot, "live-after-replacement");
  }

  @Test
  void aServiceThatSelectsNoPodIsDiagnosedOnceTheClusterIsListed() throws Exception {
    waitFor("live cluster drawn", () -> element("pod:demo/web-1") != null);
    waitFor("listed", () -> Fx.call(() -> window.graph().scene().listed()));
    JsonObject typo = server.get("Service", "demo", "web");
    typo.getAsJsonObject("metadata").addProperty("name", "typo");
    typo.getAsJsonObject("metadata").remove("uid");
    typo.getAsJsonObject("spec").getAsJsonObject("selector").addProperty("app", "wbe");
    server.apply(typo);
    waitFor("demo/typo said to match no pod", () -> Fx.call(() -> window.diagnosticsPane()
        .rows().stream().anyMatch(r -> r.service().equals("demo/typo")
            && r.diagnostic().code().equals(dev.switchboard.app.cluster.Diagnostic.NO_ENDPOINTS)
            && r.diagnostic().message().contains("matches no pod"))));
  }

  @Test
  void readinessFlipsColourAndTheEdgeTurnsNotReady(FxRobot robot) throws Exception {
    waitFor("live cluster drawn", () -> element("pod:demo/web-1") != null);
    JsonObject web1 = server.get("Pod", "demo", "web-1");
    for (var c : web1.getAsJsonObject("status").getAsJsonArray("conditions")) {
      if (c.getAsJsonObject().get("type").getAsString().equals("Ready")) {
        c.getAsJsonObject().addProperty("status", "False");
      }
    }
    server.apply(web1);
    JsonObject slice = webSlice();
    for (var ep : slice.getAsJsonArray("endpoints")) {
      JsonObject o = ep.getAsJsonObject();
      if (o.getAsJsonObject("targetRef").get("name").getAsString().equals("web-1")) {
        o.getAsJsonObject("conditions").addProperty("ready", false);
        o.getAsJsonObject("conditions").addProperty("serving", false);
      }
    }
    server.apply(slice);
    waitFor("web-1 not ready", () -> PodLook.of(element("pod:demo/web-1").pod()) == PodLook.NOT_READY);
    waitFor("edge not ready", () -> Fx.call(() -> window.graph().scene().edges().stream()
        .filter(e -> e.serviceKey().equals("svc:demo/web") && e.targetKey().equals("pod:demo/web-1"))
        .map(EndpointEdge::currentState).toList()).equals(List.of(EndpointState.NOT_READY)));
    Thread.sleep(900);
    shot(robot, "live-web1-not-ready");
  }

  @Test
  void draggingACardPinsIt(FxRobot robot) throws Exception {
    waitFor("live cluster drawn", () -> element("pod:demo/web-3") != null);
    Thread.sleep(800);
    Rect before = placed("pod:demo/web-3");
    Point2D from = Fx.call(() -> window.graph().screenCenterOf("pod:demo/web-3"));
    robot.drag(from).dropTo(from.add(160, 120));
    WaitForAsyncUtils.waitForFxEvents();
    Thread.sleep(100);
    Rect after = placed("pod:demo/web-3");
    assertTrue(after.x() > before.x() + 50 && after.y() > before.y() + 30, before + " → " + after);
    assertTrue(Fx.call(() -> window.graph().saveLayout().pins().containsKey("pod:demo/web-3")));
    shot(robot, "live-pinned-web3");
  }

  @Test
  void projectorThemeIsBigAndHighContrast(FxRobot robot) throws Exception {
    waitFor("live cluster drawn", () -> element("pod:demo/web-3") != null);
    @SuppressWarnings("unchecked")
    ComboBox<Theme> themes = robot.lookup("#theme-picker").queryAs(ComboBox.class);
    robot.interact(() -> {
      stage.setWidth(1024);
      stage.setHeight(768);
      themes.getSelectionModel().select(Theme.PROJECTOR);
    });
    Thread.sleep(900);
    shot(robot, "live-projector-1024x768");
    assertEquals(Theme.PROJECTOR, Fx.call(() -> window.graph().theme()));
  }
}
