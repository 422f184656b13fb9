package dev.switchboard.app.ui.graph;

import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.trace.Evidence;
import dev.switchboard.app.trace.Peer;
import dev.switchboard.app.ui.theme.Palette;
import dev.switchboard.layouts.Rect;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.Function;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;

/**
 * Connections drawn as dots that travel in stages a person can follow: from the client to the
 * Service it dialled, then — kube-proxy's choice — on to the backend, where the outcome shows
 * (a connection drawn while still open is in the neutral colour: its outcome is not known yet).
 * A stage that was inferred is drawn dashed; an unknown backend leaves the dot at the Service
 * with a question mark. Bounded: beyond {@link #MAX_FLIGHTS} at once, connections are counted,
 * not drawn (the flow table still lists them). FX thread.
 */
final class TrafficOverlay {
  static final long FLIGHT_NANOS = 2_400_000_000L;
  static final int MAX_FLIGHTS = 300;
  private static final double DOT = 7;

  /** One connection's trip; keys are scene element keys, null where the trip has no such stop. */
  private static final class Flight {
    final String client;
    final String clientLabel;
    final String service;
    final String backend;
    final Evidence backendEvidence;
    final String outcome;
    final long startNanos;
    final long capturedAtNanos;
    /** Drawn at least once: its packet-to-pixel latency is recorded. */
    boolean drawn;

    Flight(String client, String clientLabel, String service, String backend,
        Evidence backendEvidence, String outcome, long startNanos, long capturedAtNanos) {
      this.client = client;
      this.clientLabel = clientLabel;
      this.service = service;
      this.backend = backend;
      this.backendEvidence = backendEvidence;
      this.outcome = outcome;
      this.startNanos = startNanos;
      this.capturedAtNanos = capturedAtNanos;
    }
  }

  private final ArrayDeque<Flight> flights = new ArrayDeque<>();
  /** One connection held still at a stage (a class stepping through it); null when none. */
  private Flight focus;
  private int focusStage;
  private long notDrawn;
  private final FrameStats underWayLatency = new FrameStats();
  private final FrameStats finishedLatency = new FrameStats();
  private final FrameStats allLatency = new FrameStats();
  private boolean drawnLastFrame;
  /** Animation time: wall time scaled by the speed, so pausing or slowing it keeps flights in place. */
  private long clock;
  private long lastWall = Long.MIN_VALUE;
  private double speed = 1;

  /** 1 = real pace, 0.25 = slow motion, 0 = paused. */
  void speed(double speed) {
    this.speed = speed;
  }

  double speed() {
    return speed;
  }

  /** Moves animation time on by the wall time since the last frame, times the speed. */
  void tick(long wallNow) {
    if (lastWall != Long.MIN_VALUE) {
      clock += (long) ((wallNow - lastWall) * speed);
    }
    lastWall = wallNow;
  }

  void add(ConnectionTrace t) {
    if (flights.size() >= MAX_FLIGHTS) {
      notDrawn++;
      return;
    }
    flights.addLast(flight(t, clock));
  }

  /**
   * Holds one connection still at a stage: 1 the DNS lookup (the client, asking), 2 the SYN at
   * the Service, 3 kube-proxy's choice (the way to the backend), 4 at the backend, 5 the outcome;
   * null to let go.
   */
  void focus(ConnectionTrace t, int stage) {
    focus = t == null ? null : flight(t, 0);
    focusStage = stage;
    drawnLastFrame = true;
  }

  /** Lets every flight go (the timeline moved: they belong to another moment). */
  void clear() {
    flights.clear();
    drawnLastFrame = true;
  }

  private static Flight flight(ConnectionTrace t, long now) {
    Peer c = t.client();
    Peer b = t.backend().target();
    return new Flight(
        c.podName() != null ? ClusterScene.podKey(c.podNamespace(), c.podName()) : null,
        c.podName() != null ? null : c.ip(),
        t.service() == null ? null : ClusterScene.serviceKey(
            new ObjectKey(t.service().namespace(), t.service().name())),
        b == null ? null : b.podName() != null ? ClusterScene.podKey(b.podNamespace(), b.podName())
            : ClusterScene.ADDR + b.ip(),
        t.backend().evidence(), t.outcome(), now, t.startedAtNanos());
  }

  /**
   * Packet to pixel: from the SYN's capture time to the first frame that drew its connection,
   * for connections drawn while under way (from their translation), for those drawn once
   * finished, and for all. Both clocks are the wall clock, so this is meaningful when sidecar and
   * window share a host or synchronised clocks.
   */
  FrameStats[] latency() {
    return new FrameStats[] {underWayLatency, finishedLatency, allLatency};
  }

  long notDrawn() {
    return notDrawn;
  }

  int active() {
    return flights.size();
  }

  /** Whether the layer must be redrawn this frame (flights in the air, or the last one just landed). */
  boolean due() {
    flights.removeIf(f -> clock - f.startNanos > FLIGHT_NANOS);
    return !flights.isEmpty() || focus != null || drawnLastFrame;
  }

  void draw(GraphicsContext g, double width, double height, Function<String, Rect> placed,
      Viewport view, Palette palette) {
    long now = clock;
    g.clearRect(0, 0, width, height);
    drawnLastFrame = !flights.isEmpty();
    g.setFont(Font.font(12));
    for (Iterator<Flight> it = flights.iterator(); it.hasNext(); ) {
      draw(g, it.next(), placed, view, palette, now);
    }
    if (focus != null) {
      drawFocus(g, placed, view, palette);
      drawnLastFrame = true;
    }
  }

  /** The focused connection, thick and still, as far as its stage; each leg labelled. */
  private void drawFocus(GraphicsContext g, Function<String, Rect> placed, Viewport view,
      Palette palette) {
    Flight f = focus;
    Stops p = stops(f, placed, view);
    if (p == null) {
      return;
    }
    double[] svc = p.service;
    double[] to = p.backend;
    double[] from = p.client;
    double[] mid = p.mid;
    Color colour = focusStage >= 5 ? outcomeColour(f.outcome, palette) : palette.selection();
    g.setStroke(colour);
    g.setFill(colour);
    g.setLineWidth(5);
    g.setLineDashes();
    double[] at = from;
    if (focusStage >= 2) {
      g.strokeLine(from[0], from[1], mid[0], mid[1]);
      at = mid;
    }
    if (focusStage >= 3 && svc != null && to != null) {
      g.setLineDashes(f.backendEvidence == Evidence.OBSERVED ? null : new double[] {10, 7});
      double[] end = focusStage >= 4 ? to : lerp(svc, to, 0.5);
      g.strokeLine(svc[0], svc[1], end[0], end[1]);
      g.setLineDashes();
      at = end;
    }
    double r = DOT * 1.6;
    g.fillOval(at[0] - r, at[1] - r, 2 * r, 2 * r);
    g.setLineWidth(3);
    g.strokeOval(from[0] - r - 4, from[1] - r - 4, 2 * r + 8, 2 * r + 8);
    g.setFill(palette.text());
    g.setFont(Font.font(14));
    String label = switch (focusStage) {
      case 1 -> "DNS?";
      case 2 -> "SYN";
      case 3 -> "DNAT";
      case 4 -> "backend";
      default -> f.outcome;
    };
    g.fillText(label, at[0] + r + 4, at[1] - r);
  }

  private static Color outcomeColour(String outcome, Palette palette) {
    return switch (outcome) {
      case "open", "unfinished" -> palette.info();
      case "closed" -> palette.ready();
      case "timed_out", "evicted" -> palette.warning();
      default -> palette.error();
    };
  }

  private void draw(GraphicsContext g, Flight f, Function<String, Rect> placed, Viewport view,
      Palette palette, long now) {
    if (!f.drawn) {
      f.drawn = true;
      java.time.Instant wall = java.time.Instant.now();
      long latency = wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - f.capturedAtNanos;
      (f.outcome.equals("open") ? underWayLatency : finishedLatency).record(latency);
      allLatency.record(latency);
    }
    Stops p = stops(f, placed, view);
    if (p == null) {
      return;
    }
    double[] svc = p.service;
    double[] to = p.backend;
    double[] from = p.client;
    double[] mid = p.mid;
    double u = (now - f.startNanos) / (double) FLIGHT_NANOS;
    Color colour = outcomeColour(f.outcome, palette);
    double fade = u > 0.85 ? Math.max(0, (1 - u) / 0.15) : 1;
    g.setGlobalAlpha(0.45 * fade);
    g.setStroke(colour);
    g.setLineWidth(2.5);
    g.setLineDashes();
    g.strokeLine(from[0], from[1], mid[0], mid[1]);
    boolean secondLeg = svc != null && to != null;
    if (secondLeg) {
      g.setLineDashes(f.backendEvidence == Evidence.OBSERVED ? null : new double[] {6, 5});
      g.strokeLine(svc[0], svc[1], to[0], to[1]);
      g.setLineDashes();
    }
    g.setGlobalAlpha(fade);
    double[] at;
    if (u < 0.4 || !secondLeg) {
      double k = Math.min(1, u / 0.4);
      at = lerp(from, mid, ease(k));
    } else {
      double k = Math.min(1, (u - 0.4) / 0.4);
      at = lerp(svc, to, ease(k));
    }
    g.setFill(colour);
    g.fillOval(at[0] - DOT, at[1] - DOT, 2 * DOT, 2 * DOT);
    if (f.clientLabel != null && u < 0.4) {
      g.setFill(palette.text());
      g.fillText(f.clientLabel, from[0] - 30, from[1] - 10);
    }
    boolean landed = u >= 0.8 || (!secondLeg && u >= 0.4);
    if (landed) {
      g.setFill(palette.text());
      String mark = to == null ? "?"
          : f.outcome.equals("closed") || f.outcome.equals("open") ? "" : f.outcome;
      g.fillText(mark, at[0] + DOT + 3, at[1] + 4);
    }
    g.setGlobalAlpha(1);
  }

  /** Where a trip's stops are on screen; null when neither its Service nor backend is shown. */
  private record Stops(double[] client, double[] service, double[] backend, double[] mid) {}

  private static Stops stops(Flight f, Function<String, Rect> placed, Viewport view) {
    double[] svc = centre(placed.apply(f.service == null ? "" : f.service), view);
    double[] to = centre(placed.apply(f.backend == null ? "" : f.backend), view);
    double[] from = centre(placed.apply(f.client == null ? "" : f.client), view);
    double[] mid = svc != null ? svc : to;
    if (mid == null) {
      return null;
    }
    // a client outside the picture comes from the upper left of where it goes
    return new Stops(from != null ? from : new double[] {mid[0] - 140, mid[1] - 40}, svc, to, mid);
  }

  private static double ease(double k) {
    return k * k * (3 - 2 * k);
  }

  private static double[] lerp(double[] a, double[] b, double k) {
    return new double[] {a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k};
  }

  private static double[] centre(Rect r, Viewport view) {
    if (r == null) {
      return null;
    }
    return new double[] {(r.x() + r.width() / 2) * view.scale + view.tx,
        (r.y() + r.height() / 2) * view.scale + view.ty};
  }
}
