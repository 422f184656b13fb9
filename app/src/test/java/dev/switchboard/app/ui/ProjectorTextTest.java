package dev.switchboard.app.ui;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.ui.graph.GraphView;
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
import org.testfx.util.WaitForAsyncUtils;

/**
 * The projector theme measured, not eyeballed: the bundled demo playing on a 1024×768 screen,
 * the smallest text the picture draws (its canvas draw calls: font size times zoom) at every
 * zoom from far out to close in, and the whole window's smallest rendered text (the scene graph's
 * Text nodes: controls, flow table, status); the flow table's stage marks explained beside it.
 * (With a lesson the inspector is shown too: LessonWindowTest measures it.)
 */
@ExtendWith(ApplicationExtension.class)
class ProjectorTextTest {
  private Stage stage;
  private MainWindow window;

  @Start
  void start(Stage stage) throws Exception {
    this.stage = stage;
    window = new MainWindow(stage, DesktopLauncher.parse(List.of("--theme", "projector")),
        Map.of());
    window.showWithin(LessonWindowTest.PROJECTOR);
  }

  @AfterEach
  void stop() {
    Fx.run(window::close);
  }

  @Test
  void everyTextIsReadableFromTheBackOfTheRoom(FxRobot robot) throws Exception {
    GraphView g = window.graph();
    MainWindowTest.waitFor("the demo's picture", 60, () -> Fx.call(() ->
        g.scene().elements().size() >= 8 && window.flowTable() != null
            && !window.flowTable().getItems().isEmpty()));
    assertTrue(Fx.call(() -> stage.getWidth() <= 1024 && stage.getHeight() <= 768));
    double[] zooms = {1, 0.5, 0.5, 0.5, 4, 2, 2, 2};
    StringBuilder seen = new StringBuilder();
    boolean anyText = false;
    for (double z : zooms) {
      double px = Fx.call(() -> {
        g.zoom(z);
        g.redrawNow(System.nanoTime());
        return g.smallestTextPx();
      });
      seen.append(String.format("%.1f ", px));
      anyText |= px < Double.POSITIVE_INFINITY;
      assertTrue(px >= 24, "picture text at zoom step " + z + ": " + px + " px");
    }
    assertTrue(anyText, "the picture wrote something");
    Fx.run(() -> {
      g.fit();
      g.redrawNow(System.nanoTime());
    });
    ReadableText.Smallest whole = Fx.call(() -> ReadableText.smallest(
        stage.getScene().getRoot()));
    System.out.println("projector, 1024×768: picture's smallest text per zoom step " + seen
        + "px; whole window " + whole);
    assertTrue(whole.px() >= 18 && whole.px() < Double.POSITIVE_INFINITY,
        "controls and tables " + whole);
    Label legend = Fx.call(() -> (Label) stage.getScene().lookup("#stage-legend"));
    assertNotNull(legend, "the flow table's stage marks have a legend");
    assertTrue(legend.getText().contains("● observed") && legend.getText().contains("◐ inferred"));
    Thread.sleep(500);
    WaitForAsyncUtils.waitForFxEvents();
    robot.interact(() -> Screenshots.save(stage.getScene().getRoot(), "projector-demo-1024x768"));
  }
}
