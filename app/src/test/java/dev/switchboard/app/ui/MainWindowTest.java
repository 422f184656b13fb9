package dev.switchboard.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.ui.graph.ClusterScene;
import dev.switchboard.app.ui.graph.ElementKind;
import dev.switchboard.app.ui.graph.GraphView;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.geometry.Point2D;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The real window on the bundled demo, under Xvfb. */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
  private MainWindow window;
  private Stage stage;

  @Start
  void start(Stage stage) {
    this.stage = stage;
    window = new MainWindow(stage, LaunchConfig.demo(), Map.of("HOME", "/nonexistent"));
    window.show();
  }

  static void waitFor(String what, BooleanSupplier condition) throws Exception {
    waitFor(what, 15, condition);
  }

  static void waitFor(String what, int seconds, BooleanSupplier condition) throws Exception {
    try {
      WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::getAsBoolean);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out waiting for: " + what);
    }
  }

  private long count(ElementKind kind) {
    GraphView g = window.graph();
    return Fx.call(() -> g.scene().elements().stream()
        .filter(e -> e.kind() == kind && !e.removing()).count());
  }

  @Test
  void drawsTheBundledDemoAndExplainsASelectedService(FxRobot robot) throws Exception {
    waitFor("demo loaded", () -> count(ElementKind.POD) == 7 && count(ElementKind.SERVICE) == 5);
    Thread.sleep(900); // let the fade-ins finish before the screenshot
    WaitForAsyncUtils.waitForFxEvents();
    robot.interact(() -> Screenshots.save(stage.getScene().getRoot(), "demo-light"));

    assertTrue(window.diagnosticsPane().rows().stream().anyMatch(r ->
        r.service().equals("service-demo/frontend-loadbalancer")
            && r.diagnostic().code().equals("LOAD_BALANCER_PENDING")));

    String backend = "svc:service-demo/backend-service";
    Point2D at = Fx.call(() -> window.graph().screenCenterOf(backend));
    assertNotNull(at);
    robot.clickOn(at);
    waitFor("inspector shows backend-service", () -> robot.lookup("#inspector-title")
        .queryAs(Label.class).getText().startsWith("Service service-demo/backend-service"));
    String body = robot.lookup("#inspector-body").queryAs(Label.class).getText();
    assertTrue(body.contains("VIP 10.96.123.45"), body);
    assertTrue(body.contains("10.244.1.4:80 (http)  backend-app-7d4b8f9c8d-abcde on node1  ready"), body);
    assertEquals(3, Fx.call(() -> window.graph().scene().edges().stream()
        .filter(e -> e.serviceKey().equals(backend)).count()).intValue());
    robot.interact(() -> Screenshots.save(stage.getScene().getRoot(), "demo-selected-service"));
  }

  @Test
  void aCollapsedGroupIsInspectedWithItsCounts(FxRobot robot) throws Exception {
    waitFor("demo loaded", () -> count(ElementKind.POD) == 7 && count(ElementKind.SERVICE) == 5);
    Thread.sleep(900);
    Point2D at = Fx.call(() -> window.graph().screenCenterOf("svc:service-demo/backend-service"));
    robot.clickOn(at);
    waitFor("backend-service selected", () -> "svc:service-demo/backend-service".equals(
        Fx.call(() -> window.graph().selected())));
    // counted while they are cards: a collapsed namespace keeps its pods as counts only
    long pods = Fx.call(() -> window.graph().scene().elements().stream()
        .filter(e -> e.kind() == ElementKind.POD && !e.removing()
            && "service-demo".equals(e.namespace())).count());
    robot.type(javafx.scene.input.KeyCode.C);
    waitFor("its namespace collapsed and inspected", () -> robot.lookup("#inspector-title")
        .queryAs(Label.class).getText().equals("Namespace service-demo (collapsed)"));
    String body = robot.lookup("#inspector-body").queryAs(Label.class).getText();
    assertTrue(body.startsWith(pods + " pod"), body);
    assertTrue(body.contains("ready"), body);
    assertTrue(body.contains("A click on the card opens it"), body);
    WaitForAsyncUtils.waitForFxEvents();
    robot.interact(() -> Screenshots.save(stage.getScene().getRoot(), "demo-collapsed-namespace"));
  }

  @Test
  void kubernetesServiceEndpointIsAnAddressNotAPod() throws Exception {
    waitFor("demo loaded", () -> count(ElementKind.ADDRESS) == 1);
    assertNotNull(Fx.call(() -> window.graph().scene()
        .element("addr:10.0.0.10")));
    assertNotNull(ClusterScene.ADDRESS_REGION);
  }
}
