package dev.switchboard.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.lesson.Answers;
import dev.switchboard.app.lesson.Lesson;
import dev.switchboard.app.lesson.LessonCatalog;
import dev.switchboard.app.lesson.LessonContext;
import dev.switchboard.app.ui.lesson.LessonPane;
import dev.switchboard.app.ui.theme.Theme;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Every bundled lesson taught in a real window, as a class would see it: the projector theme on
 * a 1024×768 screen, stepped through with the presenter's keys, each stretch played to its end,
 * each question guessed and revealed from the recording, the focus zoomed to readable size;
 * screenshots of the first step, a revealed question and the last step of each.
 */
@ExtendWith(ApplicationExtension.class)
class LessonWindowTest {
  static final Rectangle2D PROJECTOR = new Rectangle2D(0, 0, 1024, 768);

  @TempDir
  static Path cache;

  private Stage stage;
  private MainWindow window;

  @Start
  void start(Stage stage) {
    this.stage = stage;
  }

  @AfterEach
  void stop() {
    if (window != null) {
      Fx.run(window::close);
    }
  }

  static Stream<String> lessons() throws Exception {
    return LessonCatalog.names().stream();
  }

  @ParameterizedTest
  @MethodSource("lessons")
  void everyLessonOpensPlaysAndReveals(String name, FxRobot robot) throws Exception {
    Lesson lesson = new LessonCatalog(Map.of("XDG_CACHE_HOME", cache.toString())).open(name);
    LessonContext ctx = LessonContext.open(lesson);
    Fx.run(() -> {
      window = new MainWindow(stage, LaunchConfig.lesson(lesson, Theme.PROJECTOR),
          Map.of("XDG_CACHE_HOME", cache.toString()));
      window.showWithin(PROJECTOR);
    });
    MainWindowTest.waitFor("the lesson at its first step", 60, () -> Fx.call(() ->
        window.lesson() != null && window.lesson().pane().current() == 0));
    assertTrue(Fx.call(() -> stage.getWidth() <= 1024 && stage.getHeight() <= 768),
        "the window fits the projector's screen");
    LessonPane pane = Fx.call(() -> window.lesson().pane());
    int steps = lesson.steps().size();
    boolean shotQuestion = false;
    boolean shotChoice = false;
    for (int i = 0; i < steps; i++) {
      if (i > 0) {
        robot.type(i % 2 == 0 ? KeyCode.PAGE_DOWN : KeyCode.N);
      }
      int step = i;
      MainWindowTest.waitFor("step " + (i + 1), () -> Fx.call(() -> pane.current() == step));
      Lesson.Step s = lesson.steps().get(i);
      long at = ctx.resolve(s.at());
      MainWindowTest.waitFor("the playhead at the step's moment", () -> Fx.call(() ->
          window.session().player().playhead() == at));
      assertFocused(s, ctx, name + " step " + (i + 1));
      if (s.until() != null) {
        playStretch(robot, ctx.resolve(s.until()));
      }
      if (s.question() != null) {
        robot.type(KeyCode.DIGIT1);
        robot.type(KeyCode.R);
        String expected = Answers.compute(s.question().answer(), ctx).text();
        MainWindowTest.waitFor("the answer", () -> Fx.call(() -> pane.revealed() != null));
        assertEquals(expected, Fx.call(() -> pane.revealed().text()));
        assertEquals(1, Fx.call(() -> marked(pane, "sb-choice-right")), "one right choice");
        boolean firstRight = Fx.call(() -> pane.revealed().accepts(s.question().choices()
            .get(0)));
        assertEquals(firstRight ? 0 : 1, Fx.call(() -> marked(pane, "sb-choice-wrong")),
            "the room's guess (1) marked wrong unless right");
        if (!shotQuestion) {
          shotQuestion = true;
          shoot(robot, "lesson-" + name + "-step" + (i + 1) + "-revealed");
        }
      }
      boolean choice = s.focus() != null && ("dnat".equals(s.focus().stage())
          || "rules".equals(s.focus().stage()));
      if (i == 0 || i == steps - 1 || choice && !shotChoice) {
        shotChoice |= choice;
        shoot(robot, "lesson-" + name + "-step" + (i + 1));
      }
    }
    robot.type(KeyCode.PAGE_DOWN);
    assertEquals(steps - 1, Fx.call(pane::current), "no step after the last");
    robot.type(KeyCode.PAGE_UP);
    MainWindowTest.waitFor("back a step", () -> Fx.call(() -> pane.current() == steps - 2));
  }

  @org.junit.jupiter.api.Test
  void thePresenterHasKeysForEverything(FxRobot robot) throws Exception {
    Lesson lesson = new LessonCatalog(Map.of("XDG_CACHE_HOME", cache.toString()))
        .open("random-choice");
    Fx.run(() -> {
      window = new MainWindow(stage, LaunchConfig.lesson(lesson, Theme.PROJECTOR),
          Map.of("XDG_CACHE_HOME", cache.toString()));
      window.showWithin(PROJECTOR);
    });
    MainWindowTest.waitFor("the lesson", 60, () -> Fx.call(() -> window.lesson() != null
        && window.graph().selected() != null));
    javafx.scene.Node hints = Fx.call(() -> stage.getScene().lookup("#key-hints"));
    assertTrue(Fx.call(hints::isVisible), "the key hints show");
    robot.type(KeyCode.H);
    assertFalse(Fx.call(hints::isVisible), "H hides them");
    robot.type(KeyCode.H);
    assertTrue(Fx.call(hints::isVisible), "and shows them again");

    double before = Fx.call(() -> ReadableText.smallest(window.lesson().pane()).px());
    robot.press(KeyCode.CONTROL).type(KeyCode.EQUALS).type(KeyCode.EQUALS).release(KeyCode.CONTROL);
    MainWindowTest.waitFor("larger text", () -> Fx.call(() -> {
      stage.getScene().getRoot().applyCss();
      return ReadableText.smallest(window.lesson().pane()).px() >= before * 1.15;
    }));
    robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT0).release(KeyCode.CONTROL);
    MainWindowTest.waitFor("normal text again", () -> Fx.call(() -> {
      stage.getScene().getRoot().applyCss();
      return Math.abs(ReadableText.smallest(window.lesson().pane()).px() - before) < 0.5;
    }));

    javafx.geometry.Point2D focused = Fx.call(() -> window.graph().screenCenterOf(
        window.graph().selected()));
    robot.type(KeyCode.MINUS).type(KeyCode.MINUS).type(KeyCode.MINUS);
    MainWindowTest.waitFor("zoomed out", () -> !Fx.call(() -> window.graph().screenCenterOf(
        window.graph().selected())).equals(focused));
    robot.type(KeyCode.Z);
    MainWindowTest.waitFor("back to the focus (Z)", () -> Fx.call(() -> window.graph()
        .screenCenterOf(window.graph().selected()).distance(focused) < 1));
    robot.type(KeyCode.F11);
    MainWindowTest.waitFor("full screen (F11)", () -> Fx.call(stage::isFullScreen));
    robot.type(KeyCode.F11);
    MainWindowTest.waitFor("a window again", () -> !Fx.call(stage::isFullScreen));
  }

  /** The picture zoomed to the focus at no less than 24 px text, the inspector telling it. */
  private void assertFocused(Lesson.Step s, LessonContext ctx, String where) throws Exception {
    Lesson.Focus f = s.focus();
    if (f == null) {
      return;
    }
    if (f.connection() != null) {
      String id = ctx.pick(f.connection()).id();
      MainWindowTest.waitFor("the connection in the inspector", () -> Fx.call(() ->
          window.inspectorTitle().startsWith("Connection")));
      assertNotNull(id);
      if ("rules".equals(f.stage())) {
        MainWindowTest.waitFor(where + ": the rule row taken in view", () -> Fx.call(() -> {
          javafx.scene.Node row = window.inspectorPane().lookup("#rule-row-chosen");
          if (row == null) {
            return false;
          }
          javafx.geometry.Bounds b = row.localToScene(row.getBoundsInLocal());
          javafx.geometry.Bounds pane = window.inspectorPane().localToScene(
              window.inspectorPane().getBoundsInLocal());
          return b.getMinY() >= pane.getMinY() && b.getMaxY() <= pane.getMaxY();
        }));
      }
    } else {
      MainWindowTest.waitFor("the focus selected", () -> Fx.call(() ->
          window.graph().selected() != null));
    }
    MainWindowTest.waitFor(where + ": the picture's text at the focus readable (now "
        + Fx.call(() -> window.graph().smallestTextPx()) + " px)", () -> Fx.call(() -> {
          window.graph().redrawNow(System.nanoTime());
          double px = window.graph().smallestTextPx();
          return px >= 24 && px < Double.POSITIVE_INFINITY;
        }));
    // the inspector fills once the focused element or connection is shown: wait for its text,
    // then every piece of it must be readable
    MainWindowTest.waitFor(where + ": the inspector showing the focus", () -> Fx.call(() ->
        ReadableText.smallest(window.inspectorPane()).px() < Double.POSITIVE_INFINITY));
    ReadableText.Smallest inspector = Fx.call(() -> ReadableText.smallest(
        window.inspectorPane()));
    assertTrue(inspector.px() >= 24, where + ": inspector text " + inspector);
    ReadableText.Smallest lessonText = Fx.call(() -> ReadableText.smallest(
        window.lesson().pane()));
    assertTrue(lessonText.px() >= 24 && lessonText.px() < Double.POSITIVE_INFINITY,
        where + ": lesson text " + lessonText);
  }

  private void playStretch(FxRobot robot, long until) throws Exception {
    Fx.run(() -> window.session().pane().speed(10));
    robot.type(KeyCode.SPACE);
    MainWindowTest.waitFor("the stretch played to its end", 60, () -> Fx.call(() ->
        !window.session().player().playing() && window.session().player().playhead() == until));
  }

  private static long marked(LessonPane pane, String style) {
    return pane.lookupAll(".toggle-button").stream().filter(n -> n instanceof ToggleButton b
        && b.getStyleClass().contains(style)).count();
  }

  private void shoot(FxRobot robot, String file) {
    Thread.onSpinWait();
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    WaitForAsyncUtils.waitForFxEvents();
    robot.interact(() -> Screenshots.save(stage.getScene().getRoot(), file));
    assertFalse(file.isEmpty());
  }
}
