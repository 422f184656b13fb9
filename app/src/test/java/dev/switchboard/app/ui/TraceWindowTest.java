package dev.switchboard.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cli.SidecarOptions;
import dev.switchboard.app.cli.SourceOptions;
import dev.switchboard.app.link.SidecarProcess;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.ui.theme.Theme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window following a real sidecar: a sidecar process replays the real-lab-1 node capture
 * with its kube-proxy rules; the window shows the real API objects (dump), lists each
 * connection, sends it across the picture and explains a selected one stage by stage.
 */
@ExtendWith(ApplicationExtension.class)
class TraceWindowTest {
  private SidecarProcess sidecar;
  private MainWindow window;
  private Stage stage;

  @Start
  void start(Stage stage) throws Exception {
    this.stage = stage;
    Path dir = Files.createTempDirectory("sb-trace-window");
    sidecar = SidecarProcess.start(dir, SidecarProcess.freePort());
    Path dump = SidecarProcess.fixture(dir, "cluster.yaml");
    window = new MainWindow(stage, new LaunchConfig(new SourceOptions(dump, null, null, null),
        Theme.LIGHT, new SidecarOptions(List.of(sidecar.url()), SidecarProcess.TOKEN),
        List.of()), Map.of());
    window.show();
  }

  @AfterEach
  void stop() {
    Fx.run(window::close);
    sidecar.close();
  }

  private List<ConnectionTrace> rows() {
    return Fx.call(() -> List.copyOf(window.flowTable().getItems()));
  }

  @Test
  void listsEachConnectionSendsItAcrossThePictureAndExplainsIt(FxRobot robot) throws Exception {
    MainWindowTest.waitFor("the 18 connections of the capture", 30, () -> rows().size() == 18);
    long[] inTheAir = Fx.call(() -> window.graph().traffic());
    assertTrue(inTheAir[0] > 0, "connections are drawn travelling");
    assertEquals(0, inTheAir[1], "none left undrawn");
    Thread.sleep(700);
    WaitForAsyncUtils.waitForFxEvents();
    robot.interact(() -> Screenshots.save(stage.getScene().getRoot(), "traces-arriving"));

    List<ConnectionTrace> rows = rows();
    assertEquals("web.demo.svc.cluster.local", rows.get(rows.size() - 1).dns().name(),
        "the oldest at the bottom");
    int nodePort = -1;
    for (int i = 0; i < rows.size(); i++) {
      if (rows.get(i).nodePort() == 30080) {
        nodePort = i;
        break;
      }
    }
    int row = nodePort;
    robot.interact(() -> window.flowTable().getSelectionModel().select(row));
    MainWindowTest.waitFor("the connection inspector", 10, () -> robot.lookup("#inspector-title")
        .queryAs(Label.class).getText().startsWith("Connection 10.250.1.2"));
    String body = robot.lookup("#inspector-body").queryAs(Label.class).getText();
    assertTrue(body.contains("= Service demo/web-np port 80 via nodePort  [observed]"), body);
    assertTrue(body.contains("3. DNAT iptables: iptables picked KUBE-SEP-"), body);
    assertTrue(body.contains("the backend saw the client as 169.254.1.1"), body);
    assertTrue(body.contains("1. DNS  none seen"), body);
    String chosen = robot.lookup("#rule-row-chosen").queryAs(Label.class).getText();
    String backend = rows.get(row).backend().target().podName();
    assertTrue(chosen.contains(backend) && chosen.contains("33.3 %"), chosen);
    assertTrue(chosen.matches("▶ .* · seen \\d of 3"), "how often this window saw it taken: "
        + chosen);
    String links = robot.lookup("#status-links").queryAs(Label.class).getText();
    assertTrue(links.startsWith("node1: live · 18 connections"), links);
    Thread.sleep(900);
    WaitForAsyncUtils.waitForFxEvents();
    robot.interact(() -> Screenshots.save(stage.getScene().getRoot(), "traces-selected"));

    robot.clickOn("#flow-filter").write("web-np");
    MainWindowTest.waitFor("the NodePort connections only", 10, () -> rows().size() == 3);
    robot.clickOn("#flow-filter").type(KeyCode.END).eraseText(6).write("demo/broken");
    robot.clickOn("#flow-failures");
    MainWindowTest.waitFor("the refused ones", 10, () -> rows().size() == 3
        && rows().stream().allMatch(t -> t.outcome().equals("refused")));
    robot.clickOn("#flow-filter").type(KeyCode.END).eraseText(11);
    MainWindowTest.waitFor("every failure", 10, () -> rows().size() == 3);
    robot.clickOn("#flow-failures");
    MainWindowTest.waitFor("everything again", 10, () -> rows().size() == 18);
  }

  @Test
  void aPausedConnectionStaysInTheAirUntilResumed(FxRobot robot) throws Exception {
    MainWindowTest.waitFor("the 18 connections of the capture", 30, () -> rows().size() == 18);
    robot.interact(() -> {
      robot.lookup("#pace-picker").queryComboBox().getSelectionModel().select("Paused");
      window.flowTable().getSelectionModel().select(0);
    });
    Thread.sleep(3000); // longer than a flight at real pace
    assertTrue(Fx.call(() -> window.graph().traffic())[0] > 0, "paused flights stay");
    robot.interact(() -> robot.lookup("#pace-picker").queryComboBox().getSelectionModel()
        .select("Real pace"));
    MainWindowTest.waitFor("the flights to land once resumed", 10,
        () -> Fx.call(() -> window.graph().traffic())[0] == 0);
  }
}
