package dev.switchboard.app.ui;

import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.lesson.Lesson;
import dev.switchboard.app.lesson.LessonContext;
import dev.switchboard.app.lesson.LessonFormatException;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.ui.graph.ClusterScene;
import dev.switchboard.app.ui.graph.GraphView;
import dev.switchboard.app.ui.lesson.LessonPane;
import dev.switchboard.app.ui.session.SessionPane;
import dev.switchboard.app.ui.session.TraceStages;
import java.util.List;
import java.util.Map;

/**
 * A lesson in the window: its pane beside the picture, and each step staged on the session's
 * player and the picture — the playhead at the step's moment, paused; the stretch it plays
 * (Space plays to its end, where play pauses); the Service, pod or connection it focuses,
 * selected and zoomed to the theme's readable size, a connection held at its stage with the
 * inspector telling it. FX thread.
 */
final class LessonView implements LessonPane.Host {
  /** What a lesson asks of the window. */
  interface Window extends SessionPane.Host {
    /** Brings the inspector's rule rows for the connection held into view. */
    void showRules();
  }

  /** A lesson's stage names → the inspector's story lines (1 DNS … 5 outcome). */
  private static final Map<String, Integer> STAGE_LINES = Map.of("dns", 1, "syn", 2, "dnat", 3,
      "rules", 3, "backend", 4, "outcome", 5);

  private final LessonContext ctx;
  private final SessionView session;
  private final GraphView graph;
  private final Window window;
  private final LessonPane pane;
  private List<String> framed = List.of();
  private boolean framedEndpoints;

  LessonView(LessonContext ctx, SessionView session, GraphView graph, Window window) {
    this.ctx = ctx;
    this.session = session;
    this.graph = graph;
    this.window = window;
    this.pane = new LessonPane(ctx, this);
  }

  LessonPane pane() {
    return pane;
  }

  @Override
  public void stage(Lesson.Step step) throws LessonFormatException {
    long at = ctx.resolve(step.at());
    long until = step.until() == null ? Long.MIN_VALUE : ctx.resolve(step.until());
    session.pane().seekPaused(at);
    session.player().stopAt(until);
    Lesson.Focus f = step.focus();
    if (f == null) {
      graph.select(null);
      window.focus(null, null);
      framed = List.of();
      graph.fit();
    } else if (f.connection() != null) {
      ConnectionTrace t = ctx.pick(f.connection());
      graph.select(null);
      session.pane().focusOn(t);
      window.focus(t, stageOf(t, f.stage()));
      if ("rules".equals(f.stage())) {
        window.showRules();
      }
      frame(ClusterScene.stopsOf(t), false);
    } else {
      String key = f.service() != null ? ClusterScene.serviceKey(ObjectKey.parse(f.service()))
          : ClusterScene.podKey(ObjectKey.parse(f.pod()).namespace(),
              ObjectKey.parse(f.pod()).name());
      window.focus(null, null);
      graph.select(key);
      frame(List.of(key), f.service() != null);
    }
  }

  private void frame(List<String> keys, boolean withEndpoints) {
    framed = keys;
    framedEndpoints = withEndpoints;
    graph.frame(keys, withEndpoints);
  }

  /** Back to the step's focus after the class looked around (Z). */
  void zoomToFocus() {
    if (framed.isEmpty()) {
      graph.fit();
    } else {
      graph.frame(framed, framedEndpoints);
    }
  }

  /** The stage a lesson names, as this connection has it; null (the whole trace) when absent. */
  static TraceStages.Stage stageOf(ConnectionTrace t, String name) {
    Integer line = name == null ? null : STAGE_LINES.get(name);
    if (line == null) {
      return null;
    }
    return TraceStages.of(t).stream().filter(s -> s.line() == line).findFirst().orElse(null);
  }

  @Override
  public void notice(String message) {
    window.notice(message);
  }
}
