package dev.switchboard.app.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cli.CaptureOptions;
import dev.switchboard.app.cli.SourceOptions;
import dev.switchboard.app.link.SidecarProcess;
import dev.switchboard.app.ui.theme.Theme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The window replaying a node's capture file with its saved rules: no cluster, no sidecar. */
@ExtendWith(ApplicationExtension.class)
class CaptureWindowTest {
  private MainWindow window;

  @Start
  void start(Stage stage) throws Exception {
    Path dir = Files.createTempDirectory("sb-capture-window");
    window = new MainWindow(stage, new LaunchConfig(
        new SourceOptions(SidecarProcess.fixture(dir, "cluster.yaml"), null, null, null),
        Theme.LIGHT, null, List.of(new CaptureOptions("node1",
            SidecarProcess.fixture(dir, "node1.pcap"),
            SidecarProcess.fixture(dir, "node1-iptables-save.txt")))), Map.of());
    window.show();
  }

  @AfterEach
  void stop() {
    Fx.run(window::close);
  }

  @Test
  void replaysEveryConnectionOfTheFile(FxRobot robot) throws Exception {
    MainWindowTest.waitFor("the 18 connections of the capture", 30,
        () -> Fx.call(() -> window.flowTable().getItems().size()) == 18);
    assertTrue(Fx.call(() -> window.flowTable().getItems().stream()
        .allMatch(t -> t.backend().target() != null && t.client().ip() != null)));
    MainWindowTest.waitFor("the file's state in the status bar", 10, () -> robot
        .lookup("#status-links").queryAs(Label.class).getText()
        .startsWith("node1: replayed 535 packets of node1.pcap · 18 connections"));
  }
}
