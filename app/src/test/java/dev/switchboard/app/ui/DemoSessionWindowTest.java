package dev.switchboard.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.trace.ConnectionTrace;
import java.util.List;
import java.util.Map;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What a newcomer sees first: the window with no arguments plays the bundled demo — a real
 * recording of the seeds' story on a real kube-apiserver and kube-proxy — and loops it.
 */
@ExtendWith(ApplicationExtension.class)
class DemoSessionWindowTest {
  private MainWindow window;
  private Stage stage;

  @Start
  void start(Stage stage) throws Exception {
    this.stage = stage;
    LaunchConfig config = DesktopLauncher.parse(List.of());
    assertNotNull(config.session(), "the bundled demo session is found");
    assertTrue(config.autoplay());
    window = new MainWindow(stage, config, Map.of());
    window.show();
  }

  @AfterEach
  void stop() {
    Fx.run(window::close);
  }

  @Test
  void theRunCommandPlaysTheRealRecording(FxRobot robot) throws Exception {
    MainWindowTest.waitFor("connections playing", 60, () -> Fx.call(() ->
        window.flowTable() != null && window.flowTable().getItems().size() >= 8));
    List<ConnectionTrace> rows = Fx.call(() -> List.copyOf(window.flowTable().getItems()));
    assertTrue(rows.stream().allMatch(t -> t.client().podName() != null
        || t.client().ip().equals("10.250.32.2")), "the frontend pod, or the outside client");
    assertTrue(rows.stream().anyMatch(t -> t.backend().target() != null
        && t.backend().target().podName().startsWith("backend-")));
    assertEquals("default", rows.get(0).service().namespace());
    Thread.sleep(600);
    WaitForAsyncUtils.waitForFxEvents();
    robot.interact(() -> Screenshots.save(stage.getScene().getRoot(), "demo-session-playing"));
  }
}
