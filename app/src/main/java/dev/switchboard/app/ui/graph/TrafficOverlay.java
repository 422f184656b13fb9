package dev.switchboard.app.ui.graph;

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
 * with a question mark. A few connections are drawn along their whole way; when many are in the
 * air, each is a dot with a short tail ({@link TrafficDetail}). Bounded: beyond {@link
 * #MAX_FLIGHTS} at once, connections are counted, not drawn (the flow table still lists them).
 * FX thread.
 */
final class TrafficOverlay {
  static final long FLIGHT_NANOS = 2_400_000_000L;
  static final int MAX_FLIGHTS = 300;
  private static final double DOT = 7;
  /** A tail's length on screen, px at scale 1. */
  private static final double TAIL = 56;

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
  private final TrafficDetail detail = new TrafficDetail();
  /** Animation time: wall time scaled by the speed, so pausing or slowing it keeps flights in place. */
  private long clock;
  private long lastWall = Long.MIN_VALUE;
  private double speed = 1;
  private Font labelFont = Font.font(12);
  private Font focusFont = Font.font("System", javafx.scene.text.FontWeight.BOLD, 14);
  /** The theme's scale: dots and strokes grow with its type. */
  private double unit = 1;
  private final TextSizes sizes = new TextSizes();

  /** Sizes labels, dots and strokes for a theme; labels never under its readable size. */
  void theme(dev.switchboard.app.ui.theme.Theme t) {
    unit = t.scale();
    labelFont = Font.font(Math.max(12 * unit, t.readablePx()));
    focusFont = Font.font("System", javafx.scene.text.FontWeight.BOLD,
        Math.max(14 * unit, t.readablePx()));
    drawnLastFrame = true;
  }

  /** The smallest label drawn in the last frame (px); infinity when none. */
  double smallestTextPx() {
    return sizes.min();
  }

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
    return new Flight(ClusterScene.clientKey(t), c.podName() != null ? null : c.ip(),
        ClusterScene.serviceKey(t), ClusterScene.backendKey(t), t.backend().evidence(),
        t.outcome(), now, t.startedAtNanos());
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
    sizes.reset();
    drawnLastFrame = !flights.isEmpty();
    g.setFont(labelFont);
    // with a connection held in focus, the others fade back so it stands apart
    double others = focus == null ? 1 : 0.3;
    boolean tails = detail.tails(flights.size());
    for (Iterator<Flight> it = flights.iterator(); it.hasNext(); ) {
      draw(g, it.next(), placed, view, palette, now, others, tails);
    }
    if (focus != null) {
      drawFocus(g, placed, view, palette);
      drawnLastFrame = true;
    }
  }

  /**
   * The focused connection, thick and still, as far as its stage: each leg from card edge to card
   * edge (the cards' words stay clear), the stage's card ringed — or, for kube-proxy's choice, a
   * dot on the way to the backend — and the stage named on a plate.
   */
  private void drawFocus(GraphicsContext g, Function<String, Rect> placed, Viewport view,
      Palette palette) {
    Flight f = focus;
    Stops p = stops(f, placed, view);
    if (p == null) {
      return;
    }
    double[] client = screen(placed.apply(f.client == null ? "" : f.client), view);
    double[] service = screen(placed.apply(f.service == null ? "" : f.service), view);
    double[] backend = screen(placed.apply(f.backend == null ? "" : f.backend), view);
    double[] midCard = service != null ? service : backend;
    Color colour = focusStage >= 5 ? outcomeColour(f.outcome, palette) : palette.selection();
    double[][] firstLeg = focusStage >= 2 ? new double[][] {edge(client, p.client, p.mid),
        edge(midCard, p.mid, p.client)} : null;
    double[][] secondLeg = null;
    if (focusStage >= 3 && p.service != null && p.backend != null) {
      double[] a = edge(service, p.service, p.backend);
      double[] b = edge(backend, p.backend, p.service);
      secondLeg = new double[][] {a, focusStage >= 4 ? b : lerp(a, b, 0.5)};
    }
    // a halo in the background colour under each thick stroke: apart from every other line
    for (int pass = 0; pass < 2; pass++) {
      g.setStroke(pass == 0 ? palette.background() : colour);
      g.setLineWidth((pass == 0 ? 11 : 5) * unit);
      if (firstLeg != null) {
        g.strokeLine(firstLeg[0][0], firstLeg[0][1], firstLeg[1][0], firstLeg[1][1]);
      }
      if (secondLeg != null) {
        g.setLineDashes(pass == 1 && f.backendEvidence != Evidence.OBSERVED
            ? new double[] {10 * unit, 7 * unit} : null);
        g.strokeLine(secondLeg[0][0], secondLeg[0][1], secondLeg[1][0], secondLeg[1][1]);
        g.setLineDashes();
      }
    }
    double[] card = switch (focusStage) {
      case 1 -> client;
      case 2 -> midCard;
      case 3 -> null;
      default -> backend != null ? backend : midCard;
    };
    double[] point = focusStage == 3 && secondLeg != null ? secondLeg[1]
        : focusStage == 1 ? p.client : focusStage == 2 ? p.mid : p.backend != null ? p.backend
        : p.mid;
    double labelX;
    double labelY;
    if (card != null) {
      double m = 6 * unit;
      for (int pass = 0; pass < 2; pass++) {
        g.setStroke(pass == 0 ? palette.background() : colour);
        g.setLineWidth((pass == 0 ? 10 : 4) * unit);
        g.strokeRoundRect(card[0] - m, card[1] - m, card[2] + 2 * m, card[3] + 2 * m,
            14 * unit, 14 * unit);
      }
      // beside the ring, where the card's own words stay clear
      labelX = card[0] + card[2] + m + 6;
      labelY = card[1] + card[3] / 2 + focusFont.getSize() * 0.65;
    } else {
      double r = DOT * 1.6 * unit;
      g.setFill(colour);
      g.fillOval(point[0] - r, point[1] - r, 2 * r, 2 * r);
      labelX = point[0] + r + 6;
      labelY = point[1] - r;
    }
    if (f.clientLabel != null) {
      plate(g, f.clientLabel + " (outside)", p.client[0] - 20, p.client[1] - 6, palette);
    }
    String label = switch (focusStage) {
      case 1 -> "DNS?";
      case 2 -> "SYN";
      case 3 -> "DNAT";
      case 4 -> "backend";
      default -> f.outcome;
    };
    plate(g, label, labelX, labelY, palette);
  }

  /**
   * A label on a background plate above-right of (at, y), inside the picture, so lines under it
   * do not blur it.
   */
  private void plate(GraphicsContext g, String label, double at, double y, Palette palette) {
    g.setFont(focusFont);
    double size = focusFont.getSize();
    double w = label.length() * size * 0.62 + 10;
    double x = Math.max(0, Math.min(at, g.getCanvas().getWidth() - w));
    g.setFill(palette.background());
    g.fillRect(x, y - size * 1.3, w, size * 1.3);
    g.setFill(palette.text());
    put(g, label, x + 5, y - size * 0.3);
  }

  /** A card's box on screen: x, y, width, height; null when the card is not placed. */
  private static double[] screen(Rect r, Viewport view) {
    return r == null ? null : new double[] {r.x() * view.scale + view.tx,
        r.y() * view.scale + view.ty, r.width() * view.scale, r.height() * view.scale};
  }

  /** Where the way from {@code centre} toward {@code towards} leaves the card (or the centre). */
  static double[] edge(double[] card, double[] centre, double[] towards) {
    if (card == null) {
      return centre;
    }
    double dx = towards[0] - centre[0];
    double dy = towards[1] - centre[1];
    double tx = dx == 0 ? Double.POSITIVE_INFINITY : card[2] / 2 / Math.abs(dx);
    double ty = dy == 0 ? Double.POSITIVE_INFINITY : card[3] / 2 / Math.abs(dy);
    double t = Math.min(1, Math.min(tx, ty));
    return new double[] {centre[0] + dx * t, centre[1] + dy * t};
  }

  private void put(GraphicsContext g, String text, double x, double y) {
    g.fillText(text, x, y);
    if (!text.isEmpty()) {
      sizes.saw(g.getFont().getSize());
    }
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
      Palette palette, long now, double alpha, boolean tails) {
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
    double fade = (u > 0.85 ? Math.max(0, (1 - u) / 0.15) : 1) * alpha;
    boolean secondLeg = svc != null && to != null;
    boolean onSecondLeg = secondLeg && u >= 0.4;
    double[] at;
    if (!onSecondLeg) {
      double k = Math.min(1, u / 0.4);
      at = lerp(from, mid, ease(k));
    } else {
      double k = Math.min(1, (u - 0.4) / 0.4);
      at = lerp(svc, to, ease(k));
    }
    g.setGlobalAlpha(0.45 * fade);
    g.setStroke(colour);
    g.setLineWidth(2.5 * unit);
    double[] inferredDashes = f.backendEvidence == Evidence.OBSERVED ? null
        : new double[] {6 * unit, 5 * unit};
    if (tails) {
      double[] legStart = onSecondLeg ? svc : from;
      double[] tail = towards(at, legStart, TAIL * unit);
      g.setLineDashes(onSecondLeg ? inferredDashes : null);
      g.strokeLine(tail[0], tail[1], at[0], at[1]);
      g.setLineDashes();
    } else {
      g.setLineDashes();
      g.strokeLine(from[0], from[1], mid[0], mid[1]);
      if (secondLeg) {
        g.setLineDashes(inferredDashes);
        g.strokeLine(svc[0], svc[1], to[0], to[1]);
        g.setLineDashes();
      }
    }
    g.setGlobalAlpha(fade);
    double dot = dotRadius(p.targetHeight());
    g.setFill(colour);
    g.fillOval(at[0] - dot, at[1] - dot, 2 * dot, 2 * dot);
    // a ring of the background's colour: a closed connection's dot is the endpoint edges' green,
    // and over a dense band of them it vanished
    g.setStroke(palette.background());
    g.setLineWidth(unit);
    g.strokeOval(at[0] - dot, at[1] - dot, 2 * dot, 2 * dot);
    if (f.clientLabel != null && u < 0.4) {
      g.setFill(palette.text());
      put(g, f.clientLabel, from[0] - 30, from[1] - 10);
    }
    boolean landed = u >= 0.8 || (!secondLeg && u >= 0.4);
    if (landed) {
      g.setFill(palette.text());
      String mark = to == null ? "?"
          : f.outcome.equals("closed") || f.outcome.equals("open") ? "" : f.outcome;
      put(g, mark, at[0] + dot + 3, at[1] + 4);
    }
    g.setGlobalAlpha(1);
  }

  /** Where a trip's stops are on screen; null when neither its Service nor backend is shown. */
  private record Stops(double[] client, double[] service, double[] backend, double[] mid,
      double targetHeight) {}

  private static Stops stops(Flight f, Function<String, Rect> placed, Viewport view) {
    Rect svcCard = placed.apply(f.service == null ? "" : f.service);
    Rect backendCard = placed.apply(f.backend == null ? "" : f.backend);
    double[] svc = centre(svcCard, view);
    double[] to = centre(backendCard, view);
    double[] from = centre(placed.apply(f.client == null ? "" : f.client), view);
    double[] mid = svc != null ? svc : to;
    if (mid == null) {
      return null;
    }
    if (from == null) {
      // a client outside the picture comes from above the card it reaches first
      double[] card = screen(svcCard != null ? svcCard : backendCard, view);
      from = new double[] {mid[0], card[1] - Math.max(60, card[3])};
    }
    Rect target = backendCard != null ? backendCard : svcCard;
    return new Stops(from, svc, to, mid, target.height() * view.scale);
  }

  /**
   * A dot's radius: at most a third of the height on screen of the card it flies to (zoomed out,
   * cards are a few pixels high and full-size dots hid them), and never under 2.5 px.
   */
  private double dotRadius(double cardHeight) {
    return Math.max(2.5 * unit, Math.min(DOT * unit, cardHeight / 3));
  }

  /** The point at most {@code length} from {@code a} on the way to {@code b}. */
  static double[] towards(double[] a, double[] b, double length) {
    double d = Math.hypot(b[0] - a[0], b[1] - a[1]);
    return d <= length ? b : lerp(a, b, length / d);
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
