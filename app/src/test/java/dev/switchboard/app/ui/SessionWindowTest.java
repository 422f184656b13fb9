package dev.switchboard.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.session.SessionIndex;
import dev.switchboard.app.session.TestSessions;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.ui.theme.Theme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Labeled;
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
 * A recorded session in the window: the timeline under the picture plays it, the keyboard steps
 * from connection to connection and through one connection's stages, the picture follows the
 * playhead (a pod replaced mid-session is there before and gone after), bookmarks go into the
 * file.
 */
@ExtendWith(ApplicationExtension.class)
class SessionWindowTest {
  private MainWindow window;
  private Stage stage;
  private Path session;

  @Start
  void start(Stage stage) throws Exception {
    this.stage = stage;
    Path dir = Files.createTempDirectory("sb-session-window");
    session = TestSessions.realLabWithPodReplaced(dir);
    window = new MainWindow(stage, new LaunchConfig(null, Theme.LIGHT, null, List.of(), session,
        false), Map.of());
    window.show();
  }

  @AfterEach
  void stop() {
    Fx.run(window::close);
  }

  private List<ConnectionTrace> rows() {
    return Fx.call(() -> List.copyOf(window.flowTable().getItems()));
  }

  private boolean podShown(String name) {
    return Fx.call(() -> window.session().store().read(i -> i.pod(new ObjectKey("demo", name))))
        != null;
  }

  private String text(FxRobot robot, String id) {
    return Fx.call(() -> robot.lookup(id).queryAs(Labeled.class).getText());
  }

  @Test
  void playsStepsAndFollowsTheClusterOnTheTimeline(FxRobot robot) throws Exception {
    MainWindowTest.waitFor("the session on the timeline", 30,
        () -> Fx.call(() -> window.session() != null) && podShown("web-2"));
    assertFalse(podShown("web-2b"), "the replacement is not there yet at the start");
    assertTrue(text(robot, "#session-clock").startsWith("0:00.000 / 0:05."),
        text(robot, "#session-clock"));

    robot.clickOn("#play-pause");
    try {
      MainWindowTest.waitFor("every connection played", 30,
          () -> rows().size() == 18 * TestSessions.CYCLES);
    } catch (AssertionError e) {
      robot.interact(() -> Screenshots.save(stage.getScene().getRoot(), "session-debug"));
      throw new AssertionError(e.getMessage() + ": rows " + rows().size() + ", clock "
          + text(robot, "#session-clock") + ", " + text(robot, "#play-pause"));
    }
    MainWindowTest.waitFor("the end of the session", 20,
        () -> text(robot, "#play-pause").equals("▶ Play"));
    assertTrue(podShown("web-2b") && !podShown("web-2"), "replaced by the end");
    robot.interact(() -> Screenshots.save(stage.getScene().getRoot(), "session-played"));

    // Home, then the first connection with the keyboard: the picture holds it at its stages.
    robot.type(KeyCode.HOME);
    MainWindowTest.waitFor("back at the start", 10, () -> podShown("web-2") && !podShown("web-2b")
        && text(robot, "#session-clock").startsWith("0:00.000"));
    robot.type(KeyCode.RIGHT);
    MainWindowTest.waitFor("the first connection in the inspector", 20,
        () -> text(robot, "#inspector-title").startsWith("Connection demo/client-1 → demo/web"));
    assertTrue(text(robot, "#inspector-body").contains("▶ 2. SYN"), text(robot, "#inspector-body"));
    robot.type(KeyCode.UP);
    MainWindowTest.waitFor("the DNS stage", 10,
        () -> text(robot, "#inspector-body").contains("▶ 1. DNS  web.demo.svc.cluster.local"));
    robot.type(KeyCode.DOWN, 2);
    MainWindowTest.waitFor("the DNAT stage", 10,
        () -> text(robot, "#inspector-body").contains("▶ 3. DNAT iptables"));
    WaitForAsyncUtils.waitForFxEvents();
    Thread.sleep(300);
    robot.interact(() -> Screenshots.save(stage.getScene().getRoot(), "session-stepped-dnat"));

    SessionIndex index = Fx.call(() -> window.session().index());
    long replaced = TestSessions.removalNanos(index);
    Fx.run(() -> window.session().pane().togglePlay());
    Fx.run(() -> window.session().pane().togglePlay());
    robot.type(KeyCode.END);
    MainWindowTest.waitFor("the end again", 10, () -> podShown("web-2b"));
    assertNotNull(index.marks().stream().filter(m -> m.atNanos() == replaced).findFirst()
        .orElse(null), "the replacement is marked on the timeline");
  }
}
