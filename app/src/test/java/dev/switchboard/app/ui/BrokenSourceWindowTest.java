package dev.switchboard.app.ui;

import static dev.switchboard.app.ui.MainWindowTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cli.SourceOptions;
import dev.switchboard.app.ui.theme.Theme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A garbage dump opens to a plain message, not a crash or an empty window. */
@ExtendWith(ApplicationExtension.class)
class BrokenSourceWindowTest {
  private Stage stage;

  @Start
  void start(Stage stage) throws Exception {
    Path garbage = Files.createTempFile("garbage", ".yaml");
    Files.writeString(garbage, "kind: List\nitems: [ {kind: Pod, metadata: {name: x}");
    this.stage = stage;
    new MainWindow(stage, new LaunchConfig(new SourceOptions(garbage, null, null, null), Theme.LIGHT),
        Map.of()).show();
  }

  @Test
  void showsTheReasonInABanner(FxRobot robot) throws Exception {
    waitFor("banner", () -> robot.lookup("#failure-banner").queryAs(Label.class).isVisible()
        && !robot.lookup("#failure-banner").queryAs(Label.class).getText().isEmpty());
    String text = robot.lookup("#failure-banner").queryAs(Label.class).getText();
    assertTrue(text.contains("is not YAML or JSON") && text.contains("line"), text);
    robot.interact(() -> Screenshots.save(stage.getScene().getRoot(), "broken-dump-banner"));
  }
}
