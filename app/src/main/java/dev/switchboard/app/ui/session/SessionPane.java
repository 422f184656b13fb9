package dev.switchboard.app.ui.session;

import dev.switchboard.app.session.SessionTime;

import dev.switchboard.app.session.SessionBookmarks;
import dev.switchboard.app.session.SessionIndex;
import dev.switchboard.app.session.SessionPlayer;
import dev.switchboard.app.session.SessionRecord;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.ui.theme.Palette;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The timeline under the picture: play/pause, speed 0.1×–10×, stepping from connection to
 * connection and through one connection's stages (DNS → VIP → DNAT → backend → outcome),
 * bookmarks with notes kept in the session file, and a keyboard key for each. Tells its host
 * which connection and stage to show. FX thread.
 */
public final class SessionPane extends BorderPane {
  /** What the pane asks of the window: show a connection at a stage, say something. */
  public interface Host {
    /**
     * @param trace the connection to show; null lets the one shown go
     * @param stage the stage to show, or null to show the whole connection
     */
    void focus(ConnectionTrace trace, TraceStages.Stage stage);

    void notice(String message);

    /** The connection selected in the window (the flow table's row), or null. */
    ConnectionTrace selected();
  }

  static final List<Double> SPEEDS = List.of(0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0);
  private static final long NUDGE_NANOS = 1_000_000_000L;
  /** Narrower than this, the bookmark list goes (the marks stay on the timeline). */
  static final double NARROW = 760;

  private final SessionPlayer player;
  private final SessionIndex index;
  private final SessionBookmarks bookmarks;
  private final Host host;
  private final TimelineBar timeline;
  private final Button play = new Button();
  private final ComboBox<Double> speed = new ComboBox<>();
  private final Label clock = new Label();
  private final ToggleButton loop = new ToggleButton("Loop");
  private final ListView<SessionRecord.Bookmark> marks = new ListView<>();
  private final SessionExports exports;
  private ConnectionTrace focused;
  private List<TraceStages.Stage> stages = List.of();
  private int stage = -1;
  private int stepRequest;

  public SessionPane(SessionPlayer player, Palette palette, Host host) {
    this.player = player;
    this.index = player.index();
    this.bookmarks = new SessionBookmarks(index);
    this.host = host;
    this.timeline = new TimelineBar(palette);
    this.exports = new SessionExports(player, host, this);
    setId("session-pane");
    timeline.show(index, bookmarks.all());
    timeline.onSeek(t -> {
      player.seek(t);
      clearFocus();
    });
    setTop(controls());
    setCenter(timeline);
    VBox bookmarkBox = bookmarkList();
    setRight(bookmarkBox);
    // the timeline keeps the width in a narrow window; the bookmarks stay on the timeline
    widthProperty().addListener((o, was, now) -> {
      boolean room = now.doubleValue() >= NARROW;
      bookmarkBox.setVisible(room);
      bookmarkBox.setManaged(room);
    });
    BorderPane.setMargin(timeline, new Insets(4, 0, 0, 0));
    setPadding(new Insets(4, 6, 4, 6));
    pulse();
  }

  private FlowPane controls() {
    Button start = button("|◀", "To the start (Home)", () -> seek(index.startNanos()));
    Button prev = button("◀", "The previous connection (←)", () -> stepConnection(-1));
    prev.setId("previous-connection");
    play.setId("play-pause");
    play.setOnAction(e -> togglePlay());
    play.setTooltip(new Tooltip("Play or pause (Space)"));
    play.setMinWidth(Button.USE_PREF_SIZE);
    Button next = button("▶", "The next connection (→)", () -> stepConnection(1));
    next.setId("next-connection");
    Button stageUp = button("▲", "This connection's previous stage (↑)", () -> stepStage(-1));
    Button stageDown = button("▼", "This connection's next stage: DNS → VIP → DNAT →"
        + " backend → outcome (↓)", () -> stepStage(1));
    stageDown.setId("next-stage");
    speed.setId("speed-picker");
    speed.getItems().setAll(SPEEDS);
    speed.setValue(1.0);
    speed.setTooltip(new Tooltip("Speed, 0.1× to 10× ([ slower, ] faster)"));
    speed.setCellFactory(l -> new SpeedCell());
    speed.setButtonCell(new SpeedCell());
    speed.valueProperty().addListener((o, was, now) -> player.speed(now == null ? 1 : now));
    clock.setId("session-clock");
    clock.setMinWidth(Label.USE_PREF_SIZE);
    Button mark = button("+ Bookmark", "A note at this moment, kept in the session file (B)",
        this::addBookmark);
    loop.setTooltip(new Tooltip("Start over at the end (L)"));
    loop.selectedProperty().addListener((o, was, now) -> player.loop(now));
    Label steps = new Label("Stage");
    // wraps onto a second line in a narrow window (a lesson on a 1024×768 projector)
    FlowPane box = new FlowPane(4, 4, start, prev, play, next, steps, stageUp, stageDown, speed,
        clock, mark, loop, exports.button());
    for (javafx.scene.Node n : box.getChildren()) {
      if (n instanceof javafx.scene.control.Control c) {
        c.setMinWidth(javafx.scene.control.Control.USE_PREF_SIZE);
      }
    }
    box.setAlignment(Pos.CENTER_LEFT);
    box.setPrefWrapLength(400);
    return box;
  }

  /** The session's exports (packets, walkthrough). */
  public SessionExports exports() {
    return exports;
  }

  private static Button button(String text, String tip, Runnable action) {
    Button b = new Button(text);
    b.setTooltip(new Tooltip(tip));
    b.setOnAction(e -> action.run());
    b.setFocusTraversable(false);
    return b;
  }

  private VBox bookmarkList() {
    marks.setId("bookmarks");
    marks.setPrefWidth(190);
    marks.setPrefHeight(TimelineBar.HEIGHT);
    marks.setPlaceholder(new Label("No bookmarks (B adds one)"));
    marks.setCellFactory(l -> new BookmarkCell());
    marks.getItems().setAll(bookmarks.all());
    marks.setOnMouseClicked(e -> {
      if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
        goToSelectedBookmark();
      }
    });
    marks.setOnKeyPressed(e -> {
      if (e.getCode() == KeyCode.ENTER) {
        goToSelectedBookmark();
      } else if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
        removeSelectedBookmark();
      }
    });
    VBox box = new VBox(2, marks);
    VBox.setVgrow(marks, Priority.ALWAYS);
    box.setPadding(new Insets(4, 0, 0, 8));
    return box;
  }

  /** Called on the window's pulse: the playhead, the play button, the clock. */
  public void pulse() {
    long t = player.playhead();
    timeline.playhead(t);
    play.setText(player.playing() ? "❚❚ Pause" : "▶ Play");
    clock.setText(SessionTime.offset(t - index.startNanos()) + " / "
        + SessionTime.offset(index.endNanos() - index.startNanos()));
  }

  /** The clock as shown ("0:12.001 / 0:59.156"). */
  public String clockText() {
    return clock.getText();
  }

  /** Sets the speed as the picker would (0.1×–10×). */
  public void speed(double x) {
    speed.setValue(x);
  }

  public void palette(Palette p) {
    timeline.palette(p);
  }

  /** The window selected a connection (a row, a mark): stages step from here. */
  public void focusOn(ConnectionTrace t) {
    focused = t;
    stages = t == null ? List.of() : TraceStages.of(t);
    stage = -1;
  }

  private void clearFocus() {
    if (focused != null) {
      focusOn(null);
      host.focus(null, null);
    }
  }

  public void togglePlay() {
    if (player.playing()) {
      player.pause();
    } else {
      clearFocus();
      player.play();
    }
    pulse();
  }

  private void seek(long t) {
    player.seek(t);
    pulse();
  }

  /** Moves the playhead to {@code t}, paused, letting any connection shown go (a lesson step). */
  public void seekPaused(long t) {
    player.pause();
    seek(t);
    clearFocus();
  }

  /** To the previous or next connection's start, paused, showing its whole trace. */
  public void stepConnection(int direction) {
    long now = player.playhead();
    SessionIndex.Connection target = null;
    for (SessionIndex.Connection c : index.connections()) {
      if (direction > 0 && c.startNanos() > now + 1000) {
        target = c;
        break;
      }
      if (direction < 0 && c.startNanos() < now - 1000) {
        target = c;
      }
    }
    if (target == null) {
      host.notice(direction > 0 ? "No connection after this moment" : "No connection before this"
          + " moment");
      return;
    }
    player.pause();
    seek(target.startNanos());
    int request = ++stepRequest;
    player.traceOf(target).thenAccept(t -> Platform.runLater(() -> {
      if (request != stepRequest) {
        return;
      }
      if (t == null) {
        host.notice("That connection's trace could not be rebuilt from the file");
        return;
      }
      focusOn(t);
      stage = stages.size() > 1 && t.dns() != null ? 1 : 0;
      host.focus(t, stages.get(stage));
    }));
  }

  /** Through the focused connection's stages, moving the playhead to each. */
  public void stepStage(int direction) {
    if (focused == null) {
      host.notice("Select a connection first (a row, or ← →), then step through its stages");
      return;
    }
    int next = Math.max(0, Math.min(stages.size() - 1, stage + direction));
    stage = next;
    TraceStages.Stage s = stages.get(next);
    player.pause();
    seek(s.atNanos());
    host.focus(focused, s);
  }

  private void speedStep(int direction) {
    int i = SPEEDS.indexOf(speed.getValue());
    int next = Math.max(0, Math.min(SPEEDS.size() - 1, (i < 0 ? 3 : i) + direction));
    speed.setValue(SPEEDS.get(next));
  }

  /** Asks for a note and keeps it at the playhead, in the session file. */
  public void addBookmark() {
    long t = player.playhead();
    boolean was = player.playing();
    player.pause();
    TextInputDialog ask = new TextInputDialog();
    ask.setTitle("Bookmark");
    ask.setHeaderText("A note at " + SessionTime.offset(t - index.startNanos()));
    ask.setContentText("Note");
    if (getScene() != null) {
      ask.initOwner(getScene().getWindow());
    }
    ask.showAndWait().ifPresent(note -> {
      try {
        bookmarks.add(t, note.strip());
      } catch (IOException e) {
        host.notice("The bookmark is kept in this window only: " + e.getMessage());
      }
      refreshBookmarks();
    });
    if (was) {
      player.play();
    }
  }

  private void goToSelectedBookmark() {
    SessionRecord.Bookmark b = marks.getSelectionModel().getSelectedItem();
    if (b != null) {
      player.pause();
      seek(b.timestampNanos());
      clearFocus();
    }
  }

  private void removeSelectedBookmark() {
    SessionRecord.Bookmark b = marks.getSelectionModel().getSelectedItem();
    if (b != null) {
      try {
        bookmarks.remove(b);
      } catch (IOException e) {
        host.notice("Removed in this window only: " + e.getMessage());
      }
      refreshBookmarks();
    }
  }

  private void refreshBookmarks() {
    marks.getItems().setAll(bookmarks.all());
    timeline.bookmarks(bookmarks.all());
  }

  /**
   * The timeline's keys: Space play/pause, ← → connections, ↑ ↓ stages, Shift+← → one second,
   * [ ] speed, Home End, B bookmark, L loop. True when it was one of them.
   */
  public boolean key(KeyEvent e) {
    Runnable action = switch (e.getCode()) {
      case SPACE -> this::togglePlay;
      case LEFT -> e.isShiftDown() ? () -> nudge(-NUDGE_NANOS) : () -> stepConnection(-1);
      case RIGHT -> e.isShiftDown() ? () -> nudge(NUDGE_NANOS) : () -> stepConnection(1);
      case UP -> () -> stepStage(-1);
      case DOWN -> () -> stepStage(1);
      case OPEN_BRACKET -> () -> speedStep(-1);
      case CLOSE_BRACKET -> () -> speedStep(1);
      case HOME -> () -> seek(index.startNanos());
      case END -> () -> seek(index.endNanos());
      case B -> this::addBookmark;
      case L -> () -> loop.setSelected(!loop.isSelected());
      default -> null;
    };
    if (action == null || e.isControlDown() || e.isMetaDown() || e.isAltDown()) {
      return false;
    }
    action.run();
    return true;
  }

  private void nudge(long nanos) {
    seek(player.playhead() + nanos);
    clearFocus();
  }

  /** Loops from the start (the bundled demo). */
  public void loop(boolean on) {
    loop.setSelected(on);
  }

  private final class BookmarkCell extends ListCell<SessionRecord.Bookmark> {
    @Override
    protected void updateItem(SessionRecord.Bookmark b, boolean empty) {
      super.updateItem(b, empty);
      setText(empty || b == null ? null
          : SessionTime.offset(b.timestampNanos() - index.startNanos()) + "  " + b.note());
    }
  }

  private static final class SpeedCell extends ListCell<Double> {
    @Override
    protected void updateItem(Double v, boolean empty) {
      super.updateItem(v, empty);
      setText(empty || v == null ? null
          : (v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f×", v)
              : String.format(Locale.ROOT, "%s×", v)));
    }
  }
}
