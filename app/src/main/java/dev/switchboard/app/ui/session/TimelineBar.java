package dev.switchboard.app.ui.session;

import dev.switchboard.app.session.SessionTime;

import dev.switchboard.app.session.SessionIndex;
import dev.switchboard.app.session.SessionRecord;
import dev.switchboard.app.ui.theme.Palette;
import java.util.List;
import java.util.function.LongConsumer;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;

/**
 * A session's timeline: a lane of connections coloured by outcome (the worst per pixel), a lane
 * of cluster changes, one of rule changes with kube-proxy's lag drawn as a bar from the API's
 * change to the node's rules, one of losses and link trouble, bookmarks as flags, the playhead,
 * and a time axis. Click or drag to seek; hover a mark for its words. Drawn on one canvas,
 * again only when something moved a pixel. FX thread.
 */
public final class TimelineBar extends Region {
  static final double HEIGHT = 86;
  private static final double PAD = 10;
  private static final double CONN_Y = 4;
  private static final double CONN_H = 20;
  private static final double CLUSTER_Y = 28;
  private static final double RULES_Y = 42;
  private static final double LOSS_Y = 56;
  private static final double LANE_H = 10;
  private static final double AXIS_Y = 70;

  private final Canvas canvas = new Canvas();
  private final Tooltip tip = new Tooltip();
  private SessionIndex index;
  private List<SessionRecord.Bookmark> bookmarks = List.of();
  private Palette palette;
  private long playhead;
  private double drawnPlayheadX = Double.NaN;
  private LongConsumer onSeek = t -> { };
  private byte[] worst = new byte[0];

  public TimelineBar(Palette palette) {
    this.palette = palette;
    setId("timeline");
    getChildren().add(canvas);
    setMinHeight(HEIGHT);
    setPrefHeight(HEIGHT);
    setMaxHeight(HEIGHT);
    tip.setShowDelay(Duration.millis(150));
    Tooltip.install(this, tip);
    addEventHandler(MouseEvent.MOUSE_PRESSED, e -> seek(e.getX()));
    addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> seek(e.getX()));
    addEventHandler(MouseEvent.MOUSE_MOVED, e -> tip.setText(describe(e.getX(), e.getY())));
  }

  public void onSeek(LongConsumer seek) {
    this.onSeek = seek;
  }

  public void show(SessionIndex index, List<SessionRecord.Bookmark> bookmarks) {
    this.index = index;
    this.bookmarks = bookmarks;
    worst = new byte[0];
    redraw();
  }

  public void bookmarks(List<SessionRecord.Bookmark> bookmarks) {
    this.bookmarks = bookmarks;
    redraw();
  }

  public void palette(Palette p) {
    palette = p;
    redraw();
  }

  /** Moves the playhead; redraws only when it moved a pixel. */
  public void playhead(long nanos) {
    playhead = nanos;
    if (index != null && Math.abs(x(nanos) - drawnPlayheadX) >= 1) {
      redraw();
    }
  }

  private void seek(double x) {
    if (index != null) {
      onSeek.accept(time(x));
    }
  }

  double x(long nanos) {
    double span = Math.max(1, index.endNanos() - index.startNanos());
    return PAD + (nanos - index.startNanos()) / span * (getWidth() - 2 * PAD);
  }

  long time(double x) {
    double span = index.endNanos() - index.startNanos();
    double k = Math.max(0, Math.min(1, (x - PAD) / Math.max(1, getWidth() - 2 * PAD)));
    return index.startNanos() + (long) (k * span);
  }

  @Override
  protected void layoutChildren() {
    if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
      canvas.setWidth(getWidth());
      canvas.setHeight(getHeight());
      worst = new byte[0];
      redraw();
    }
  }

  private void redraw() {
    GraphicsContext g = canvas.getGraphicsContext2D();
    double w = canvas.getWidth();
    g.setFill(palette.background());
    g.fillRect(0, 0, w, canvas.getHeight());
    if (index == null || w <= 2 * PAD) {
      return;
    }
    g.setFill(palette.regionFill());
    g.fillRect(PAD, CONN_Y, w - 2 * PAD, LOSS_Y + LANE_H - CONN_Y);
    connections(g);
    for (SessionIndex.Mark m : index.marks()) {
      mark(g, m);
    }
    axis(g, w);
    for (SessionRecord.Bookmark b : bookmarks) {
      double x = x(b.timestampNanos());
      g.setFill(palette.selection());
      g.fillPolygon(new double[] {x, x + 8, x}, new double[] {CONN_Y, CONN_Y + 4, CONN_Y + 8}, 3);
      g.setStroke(palette.selection());
      g.setLineWidth(1);
      g.strokeLine(x, CONN_Y, x, LOSS_Y + LANE_H);
    }
    drawnPlayheadX = x(Math.max(index.startNanos(), Math.min(index.endNanos(), playhead)));
    g.setStroke(palette.text());
    g.setLineWidth(2);
    g.strokeLine(drawnPlayheadX, 0, drawnPlayheadX, AXIS_Y);
  }

  /** Per pixel column the worst outcome of the connections that started there. */
  private void connections(GraphicsContext g) {
    int columns = (int) Math.ceil(getWidth());
    if (worst.length != columns) {
      worst = new byte[columns];
      for (SessionIndex.Connection c : index.connections()) {
        int x = (int) x(c.startNanos());
        if (x >= 0 && x < columns) {
          worst[x] = (byte) Math.max(worst[x], severity(c.outcome()));
        }
      }
    }
    for (int x = 0; x < worst.length; x++) {
      if (worst[x] > 0) {
        g.setFill(outcomeColour(worst[x]));
        g.fillRect(x, CONN_Y + 2, 1, CONN_H - 4);
      }
    }
  }

  /** 1 closed, 2 still open at the end, 3 timed out or evicted, 4 refused, reset or rejected. */
  static byte severity(String outcome) {
    return switch (outcome) {
      case "closed" -> 1;
      case "unfinished", "open" -> 2;
      case "timed_out", "evicted" -> 3;
      default -> 4;
    };
  }

  private Color outcomeColour(int severity) {
    return switch (severity) {
      case 1 -> palette.ready();
      case 2 -> palette.info();
      case 3 -> palette.warning();
      default -> palette.error();
    };
  }

  private void mark(GraphicsContext g, SessionIndex.Mark m) {
    double x = x(m.atNanos());
    switch (m.kind()) {
      case CLUSTER -> {
        g.setFill(palette.selection());
        g.fillPolygon(new double[] {x, x + 4, x, x - 4},
            new double[] {CLUSTER_Y, CLUSTER_Y + 5, CLUSTER_Y + 10, CLUSTER_Y + 5}, 4);
      }
      case RULES -> {
        g.setFill(palette.clusterIp());
        g.fillRect(x - 2, RULES_Y + 2, 4, 6);
      }
      case LAG -> {
        g.setFill(palette.notReady());
        g.fillRect(x - 1, RULES_Y, 3, LANE_H);
      }
      case LOSS, LINK -> {
        g.setFill(m.kind() == SessionIndex.Kind.LOSS ? palette.failed() : palette.warning());
        g.fillPolygon(new double[] {x - 4, x + 4, x}, new double[] {LOSS_Y + LANE_H,
            LOSS_Y + LANE_H, LOSS_Y}, 3);
      }
    }
  }

  private void axis(GraphicsContext g, double w) {
    long span = index.endNanos() - index.startNanos();
    long step = tickStep(span, w);
    g.setFill(palette.textMuted());
    g.setStroke(palette.textMuted());
    g.setLineWidth(1);
    g.setFont(Font.font(11));
    g.setTextAlign(TextAlignment.CENTER);
    g.setTextBaseline(VPos.TOP);
    for (long t = 0; t <= span; t += step) {
      double x = x(index.startNanos() + t);
      g.strokeLine(x, AXIS_Y, x, AXIS_Y + 3);
      g.setTextAlign(t == 0 ? TextAlignment.LEFT : TextAlignment.CENTER);
      g.fillText(step >= 1_000_000_000L ? SessionTime.seconds(t) : SessionTime.offset(t),
          t == 0 ? x - 2 : x, AXIS_Y + 3);
    }
  }

  /** A tick every 1, 2 or 5 × 10^k ns, about 90 px apart. */
  static long tickStep(long span, double width) {
    double wanted = Math.max(1, span / Math.max(1, width / 90));
    long step = 1_000_000L;
    while (step < wanted) {
      long base = step;
      step = base * 2 >= wanted ? base * 2 : base * 5 >= wanted ? base * 5 : base * 10;
    }
    return step;
  }

  /** The words of the mark or connection under the pointer, or the time there. */
  private String describe(double px, double py) {
    if (index == null) {
      return "";
    }
    long t = time(px);
    String best = null;
    double bestDx = 5;
    for (SessionIndex.Mark m : index.marks()) {
      double dx = Math.abs(x(m.atNanos()) - px);
      if (dx < bestDx && lane(m.kind()) <= py && py <= lane(m.kind()) + LANE_H + 4) {
        bestDx = dx;
        best = m.text();
      }
    }
    if (best == null && py < CONN_Y + CONN_H) {
      long count = index.connections().stream()
          .filter(c -> Math.abs(x(c.startNanos()) - px) < 2).count();
      best = count == 0 ? null : count + (count == 1 ? " connection" : " connections");
    }
    return SessionTime.offset(t - index.startNanos()) + (best == null ? "" : "  " + best);
  }

  private static double lane(SessionIndex.Kind k) {
    return switch (k) {
      case CLUSTER -> CLUSTER_Y;
      case RULES, LAG -> RULES_Y;
      case LOSS, LINK -> LOSS_Y;
    };
  }
}
