package dev.switchboard.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cli.Cli;
import dev.switchboard.app.export.ExportRange;
import dev.switchboard.app.link.SidecarProcess;
import dev.switchboard.app.session.SessionBookmarks;
import dev.switchboard.app.session.SessionIndex;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.ui.theme.Theme;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.RadioButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The session's Export menu in a real window: the packet dialog offers the selected connection,
 * and both exports run off the FX thread while the window keeps playing, then say where they
 * wrote.
 */
@ExtendWith(ApplicationExtension.class)
class SessionExportWindowTest {
  private MainWindow window;
  private Stage stage;
  private Path dir;

  @Start
  void start(Stage stage) throws Exception {
    this.stage = stage;
    dir = Files.createTempDirectory("sb-export-window");
    Path session = dir.resolve("incident.sbsession");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cli.run(List.of("record", "--dump",
        SidecarProcess.fixture(dir, "cluster.yaml").toString(), "--pcap",
        SidecarProcess.fixture(dir, "node1.pcap").toString(), "--rules",
        SidecarProcess.fixture(dir, "node1-iptables-save.txt").toString(), "--out",
        session.toString()), Map.of(), new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    SessionIndex index = SessionIndex.read(session);
    new SessionBookmarks(index).add(index.startNanos() + 600_000_000L, "the refused ones");
    window = new MainWindow(stage, new LaunchConfig(null, Theme.LIGHT, null, List.of(), session,
        false), Map.of());
    window.show();
  }

  @AfterEach
  void stop() {
    Fx.run(window::close);
  }

  @Test
  void exportsPacketsAndAWalkthroughFromTheWindow(FxRobot robot) throws Exception {
    MainWindowTest.waitFor("the session", 60, () -> Fx.call(() -> window.session() != null));
    robot.interact(() -> window.session().player().play());
    MainWindowTest.waitFor("the session's connections listed", 60, () -> Fx.call(() ->
        window.flowTable().getItems().size() >= 18));
    robot.interact(() -> window.flowTable().getSelectionModel().select(0));
    ConnectionTrace selected = Fx.call(() ->
        window.flowTable().getSelectionModel().getSelectedItem());

    robot.clickOn("#export-menu").clickOn("Export packets (pcapng)…");
    MainWindowTest.waitFor("the packet dialog", 10, () -> Fx.call(() ->
        robot.lookup(".dialog-pane").tryQuery().isPresent()));
    RadioButton one = Fx.call(() -> robot.lookup(".dialog-pane .radio-button")
        .queryAllAs(RadioButton.class).stream()
        .filter(r -> r.getText().startsWith("The connection")).findFirst().orElseThrow());
    assertEquals("The connection " + selected.id(), one.getText());
    assertFalse(one.isDisabled(), "the selected connection is offered");
    robot.interact(() -> Screenshots.save(robot.lookup(".dialog-pane").queryAs(DialogPane.class),
        "export-packets-dialog"));
    robot.interact(() -> ((javafx.scene.control.Button) robot.lookup(".dialog-pane")
        .queryAs(DialogPane.class).lookupButton(ButtonType.CANCEL)).fire());

    Path pcapng = dir.resolve("one.pcapng");
    String said = Fx.call(() -> window.session().pane().exports()
        .packets(pcapng, new ExportRange(null, null, Set.of(selected.id()))))
        .get(60, TimeUnit.SECONDS);
    assertTrue(said.startsWith("Exported ") && said.endsWith(pcapng.toString()), said);
    assertTrue(Files.size(pcapng) > 0);

    Path html = dir.resolve("walkthrough.html");
    said = Fx.call(() -> window.session().pane().exports().walkthrough(html))
        .get(120, TimeUnit.SECONDS);
    assertEquals("Exported a walkthrough of 1 bookmark to " + html, said);
    assertTrue(Files.readString(html).contains("1. the refused ones"));
    MainWindowTest.waitFor("the status line says so", 10, () -> Fx.call(() ->
        robot.lookup("#status-bar").queryAs(org.controlsfx.control.StatusBar.class).getText()
            .equals("Exported a walkthrough of 1 bookmark to " + html)));
    robot.interact(() -> Screenshots.save(stage.getScene().getRoot(), "session-exported"));
  }
}
