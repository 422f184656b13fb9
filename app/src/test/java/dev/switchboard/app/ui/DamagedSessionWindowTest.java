package dev.switchboard.app.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.session.TestSessions;
import dev.switchboard.app.ui.theme.Theme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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

/** A session cut short plays what it has and says where it was cut, in the banner. */
@ExtendWith(ApplicationExtension.class)
class DamagedSessionWindowTest {
  private MainWindow window;
  private Stage stage;

  @Start
  void start(Stage stage) throws Exception {
    this.stage = stage;
    Path dir = Files.createTempDirectory("sb-damaged-session");
    byte[] whole = Files.readAllBytes(TestSessions.realLabWithPodReplaced(dir));
    Path cut = Files.write(dir.resolve("cut.sbsession"), Arrays.copyOf(whole,
        whole.length * 3 / 4));
    window = new MainWindow(stage, new LaunchConfig(null, Theme.LIGHT, null, List.of(), cut,
        false), Map.of());
    window.show();
  }

  @AfterEach
  void stop() {
    Fx.run(window::close);
  }

  @Test
  void playsTheGoodPartAndSaysWhereItWasCut(FxRobot robot) throws Exception {
    MainWindowTest.waitFor("the session with its banner", 30, () -> Fx.call(() ->
        window.session() != null && robot.lookup("#failure-banner").queryAs(Label.class)
            .isVisible()));
    String banner = Fx.call(() -> robot.lookup("#failure-banner").queryAs(Label.class).getText());
    assertTrue(banner.startsWith("This session is damaged: the recording was cut inside block"),
        banner);
    assertTrue(Fx.call(() -> window.session().index().connections().size()) > 0,
        "the good part is on the timeline");
    robot.interact(() -> Screenshots.save(stage.getScene().getRoot(), "session-damaged"));
  }
}
