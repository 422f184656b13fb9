package dev.switchboard.app.ui.lesson;

import dev.switchboard.app.lesson.Answer;
import dev.switchboard.app.lesson.Answers;
import dev.switchboard.app.lesson.Lesson;
import dev.switchboard.app.lesson.LessonContext;
import dev.switchboard.app.lesson.LessonFormatException;
import dev.switchboard.app.ui.theme.EvidenceMarks;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A lesson beside the picture: where the class is (step k of n), the step's words, and its
 * question — "predict, then reveal": the choices first, the room's guess (a click, or 1–9), then
 * the answer the recording itself gives, how it is known, and which choice was right. Asks its
 * host to set the picture up for each step (its moment, the stretch to play, its focus). FX
 * thread.
 */
public final class LessonPane extends ScrollPane {
  /** What the pane asks of the window. */
  public interface Host {
    /** Sets the picture up for a step: its moment, the stretch it plays, what it focuses. */
    void stage(Lesson.Step step) throws LessonFormatException;

    void notice(String message);
  }

  public static final String STYLE = "sb-lesson";
  static final String RIGHT = "sb-choice-right";
  static final String WRONG = "sb-choice-wrong";

  private final LessonContext ctx;
  private final Host host;
  private final Label where = new Label();
  private final Label title = new Label();
  private final Label narration = new Label();
  private final Label prompt = new Label();
  private final FlowPane choices = new FlowPane(8, 8);
  private final ToggleGroup guesses = new ToggleGroup();
  private final List<ToggleButton> choiceButtons = new ArrayList<>();
  private final Button reveal = new Button("Reveal (R)");
  private final Label answer = new Label();
  private final Label evidence = new Label();
  private final Label detail = new Label();
  private final Button previous = new Button("◀ Back");
  private final Button next = new Button("Next ▶");
  private final VBox question;
  private int step = -1;
  private Answer revealed;

  public LessonPane(LessonContext ctx, Host host) {
    this.ctx = ctx;
    this.host = host;
    setId("lesson-pane");
    where.setId("lesson-where");
    where.getStyleClass().add("sb-muted");
    title.setId("lesson-step-title");
    title.getStyleClass().add("sb-lesson-title");
    narration.setId("lesson-narration");
    prompt.setId("lesson-prompt");
    prompt.getStyleClass().add("sb-lesson-prompt");
    answer.setId("lesson-answer");
    answer.getStyleClass().add("sb-lesson-answer");
    evidence.setId("lesson-evidence");
    detail.setId("lesson-detail");
    detail.getStyleClass().add("sb-muted");
    for (Label l : List.of(where, title, narration, prompt, answer, evidence, detail)) {
      l.setWrapText(true);
      l.setMinHeight(Region.USE_PREF_SIZE);
    }
    choices.setId("lesson-choices");
    // a FlowPane is otherwise as wide as its widest child: long choices would widen the pane
    choices.setMinWidth(0);
    reveal.setId("lesson-reveal");
    reveal.setTooltip(new Tooltip("Show what the recording says (R)"));
    reveal.setOnAction(e -> reveal());
    previous.setId("lesson-previous");
    previous.setTooltip(new Tooltip("The previous step (Page Up or P)"));
    previous.setOnAction(e -> step(step - 1));
    next.setId("lesson-next");
    next.setTooltip(new Tooltip("The next step (Page Down or N)"));
    next.setOnAction(e -> step(step + 1));
    for (Button b : List.of(reveal, previous, next)) {
      b.setFocusTraversable(false);
      b.setMinWidth(Region.USE_PREF_SIZE);
    }
    question = new VBox(8, prompt, choices, reveal, answer, evidence, detail);
    HBox nav = new HBox(8, previous, next);
    nav.setAlignment(Pos.CENTER_LEFT);
    VBox box = new VBox(10, where, title, narration, question, nav);
    box.getStyleClass().addAll("sb-side-pane", STYLE);
    box.setPadding(new Insets(10));
    VBox.setVgrow(question, Priority.NEVER);
    setContent(box);
    setFitToWidth(true);
    setHbarPolicy(ScrollBarPolicy.NEVER);
  }

  public Lesson lesson() {
    return ctx.lesson();
  }

  /** The step shown (from 0). */
  public int current() {
    return step;
  }

  /** Shows step {@code i} (from 0) and sets the picture up for it; out of range says so. */
  public void step(int i) {
    List<Lesson.Step> steps = ctx.lesson().steps();
    if (i < 0 || i >= steps.size()) {
      host.notice(i < 0 ? "This is the lesson's first step" : "This was the lesson's last step");
      return;
    }
    step = i;
    revealed = null;
    Lesson.Step s = steps.get(i);
    where.setText(ctx.lesson().title() + " · step " + (i + 1) + " of " + steps.size());
    title.setText(s.title());
    narration.setText(s.narration() + (s.until() == null ? "" : "\n▶ Space plays this step."));
    showQuestion(s.question());
    previous.setDisable(i == 0);
    next.setDisable(i == steps.size() - 1);
    setVvalue(0);
    try {
      host.stage(s);
    } catch (LessonFormatException e) {
      host.notice("This step cannot be shown on its recording: " + e.getMessage());
    }
  }

  private void showQuestion(Lesson.Question q) {
    question.setVisible(q != null);
    question.setManaged(q != null);
    choices.getChildren().clear();
    choiceButtons.clear();
    guesses.getToggles().clear();
    answer.setText("");
    evidence.setText("");
    detail.setText("");
    reveal.setVisible(true);
    reveal.setManaged(true);
    if (q == null) {
      return;
    }
    prompt.setText(q.prompt());
    int n = 0;
    for (Lesson.Choice c : q.choices()) {
      n++;
      ToggleButton b = new ToggleButton(c.text());
      Label key = new Label(String.valueOf((char) ('\u2460' + n - 1)));
      key.getStyleClass().add("sb-choice-key");
      b.setGraphic(key);
      b.setId("lesson-choice-" + n);
      b.setToggleGroup(guesses);
      b.setFocusTraversable(false);
      b.setTooltip(new Tooltip("The room's guess (" + n + ")"));
      b.setWrapText(true);
      // a long choice wraps inside the pane rather than widening it
      b.maxWidthProperty().bind(choices.widthProperty());
      b.setMinWidth(0);
      choiceButtons.add(b);
      choices.getChildren().add(b);
    }
  }

  /** The room's guess: choice {@code n} (from 1). */
  public void choose(int n) {
    if (n >= 1 && n <= choiceButtons.size() && revealed == null) {
      choiceButtons.get(n - 1).setSelected(true);
    }
  }

  /** Computes the answer from the recording and marks the right choice (and a wrong guess). */
  public void reveal() {
    Lesson.Step s = step < 0 ? null : ctx.lesson().steps().get(step);
    if (s == null || s.question() == null || revealed != null) {
      return;
    }
    try {
      revealed = Answers.compute(s.question().answer(), ctx);
    } catch (LessonFormatException e) {
      answer.setText("The recording cannot answer this: " + e.getMessage());
      return;
    }
    reveal.setVisible(false);
    reveal.setManaged(false);
    answer.setText("The recording says: " + revealed.text());
    evidence.setText(EvidenceMarks.label(revealed.evidence()));
    evidence.getStyleClass().setAll("label", EvidenceMarks.style(revealed.evidence()));
    detail.setText(revealed.detail() == null ? "" : revealed.detail());
    List<Lesson.Choice> list = s.question().choices();
    for (int i = 0; i < list.size(); i++) {
      ToggleButton b = choiceButtons.get(i);
      boolean right = revealed.accepts(list.get(i));
      if (right) {
        b.setText("✓ " + b.getText());
        b.getStyleClass().add(RIGHT);
      } else if (b.isSelected()) {
        b.setText("✗ " + b.getText());
        b.getStyleClass().add(WRONG);
      }
    }
    layout();
    setVvalue(getVmax());
  }

  /** What was revealed for this step, or null. */
  public Answer revealed() {
    return revealed;
  }

  /**
   * The lesson's keys: Page Down / N next step, Page Up / P previous, R reveal, 1–9 the room's
   * guess. True when it was one of them.
   */
  public boolean key(KeyEvent e) {
    if (e.isControlDown() || e.isMetaDown() || e.isAltDown()) {
      return false;
    }
    KeyCode c = e.getCode();
    if (c == KeyCode.PAGE_DOWN || c == KeyCode.N) {
      step(step + 1);
    } else if (c == KeyCode.PAGE_UP || c == KeyCode.P) {
      step(step - 1);
    } else if (c == KeyCode.R) {
      reveal();
    } else if (c.isDigitKey() && !e.getText().isEmpty()
        && Character.isDigit(e.getText().charAt(0))) {
      choose(e.getText().charAt(0) - '0');
    } else {
      return false;
    }
    return true;
  }
}
