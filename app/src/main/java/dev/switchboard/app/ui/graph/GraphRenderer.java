package dev.switchboard.app.ui.graph;

import dev.switchboard.app.cluster.Diagnostic;
import dev.switchboard.app.cluster.EndpointState;
import dev.switchboard.app.cluster.NodeInfo;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.ServiceInfo;
import dev.switchboard.app.cluster.ServiceType;
import dev.switchboard.app.ui.theme.Palette;
import dev.switchboard.layouts.LayoutInput;
import dev.switchboard.layouts.LayoutResult;
import dev.switchboard.layouts.Rect;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * Draws the scene in three layers (see {@link GraphView}): node regions, endpoint edges, and the
 * Service, pod and address cards on top.
 * GraphStream keeps the model; drawing ourselves is what reaches 60 fps (its FxViewer repaints
 * at most every 40 ms; see docs/decisions/0004-draw-the-graph-ourselves.md). Text is skipped when
 * it would be too small to read. FX thread.
 */
final class GraphRenderer {
  private static final double MIN_READABLE_PX = 5.5;
  /** Fonts keep their size in single precision: a hair over the floor stays at or above it. */
  private static final double ROUNDING_PX = 0.05;
  /** A pod card narrower than this on screen is drawn as a dot of its state's colour. */
  static final double DOT_PX = 40;
  /** Zoomed out too far for a card's lines, its name alone is written, if at least this big. */
  private static final double NAME_ONLY_MIN_PX = 7;
  /** …and at most this big, however tall the card is on screen. */
  private static final double NAME_ONLY_MAX_PX = 13;
  /** The names' fonts by size in world units, made for the zoom {@link #namesAt}. */
  private final Map<Long, Font> nameFonts = new java.util.HashMap<>();
  private double namesAt = Double.NaN;

  private final double unit;
  private final Font title;
  private final Font body;
  private final Font small;
  private final Font badge;
  private final TextFit text = new TextFit();
  private final TextSizes sizes = new TextSizes();
  /** The frame being drawn: where text lands on screen, for {@link #sizes}. */
  private Viewport view = new Viewport();
  private double frameWidth;
  private double frameHeight;

  /** The smallest text on screen (px), whatever the zoom; 0 lets text shrink with the zoom. */
  private final double floorPx;
  /** Fonts enlarged to the floor at the zoom they were made for. */
  private final Map<Font, Font> floored = new java.util.HashMap<>();
  private double flooredAt = Double.NaN;

  /**
   * @param unit the theme's scale (1 = 12 px body text at zoom 1)
   * @param floorPx the smallest text on screen, whatever the zoom (a projector's 24 px): lines
   *     that no longer fit their card at that size are left out (the inspector has them); 0 lets
   *     text shrink with the zoom, hidden once too small to read
   */
  GraphRenderer(double unit, double floorPx) {
    this.unit = unit;
    this.floorPx = floorPx;
    this.title = Font.font("System", FontWeight.BOLD, 13 * unit);
    this.body = Font.font("System", 11.5 * unit);
    this.small = Font.font("System", 10.5 * unit);
    this.badge = Font.font("System", FontWeight.BOLD, 11 * unit);
  }

  /** The frame every layer shares: world → screen, clipped to the canvas. */
  record Frame(double width, double height, ClusterScene scene, LayoutResult layout, Viewport view,
      Palette palette, String selected, Predicate<SceneElement> visible, String namespace,
      Grouping grouping, long now) {}

  private boolean labels(Frame f) {
    return floorPx > 0 || 11 * unit * f.view().scale >= MIN_READABLE_PX;
  }

  /** A font as drawn at the current zoom: its own size, or more, to stay at the floor. */
  private Font sized(Font base) {
    if (floorPx <= 0 || base.getSize() * view.scale >= floorPx) {
      return base;
    }
    if (flooredAt != view.scale) {
      floored.clear();
      flooredAt = view.scale;
    }
    return floored.computeIfAbsent(base, b -> Font.font(b.getFamily(),
        b.getStyle().toLowerCase(java.util.Locale.ROOT).contains("bold") ? FontWeight.BOLD
            : FontWeight.NORMAL, (floorPx + ROUNDING_PX) / view.scale));
  }

  /**
   * A card's lines top-down in the card's box: each at its font (enlarged to the floor), moving
   * down by its advance (grown with it); a line that would cross the box's bottom is left out.
   */
  private final class Lines {
    private final GraphicsContext g;
    private final double x;
    private final double width;
    private final double bottom;
    private double y;

    Lines(GraphicsContext g, double x, double y, double width, double bottom) {
      this.g = g;
      this.x = x;
      this.y = y;
      this.width = width;
      this.bottom = bottom;
    }

    /** Writes one line, cut at the end ({@code middle}: in the middle); false when left out. */
    boolean line(String s, Font base, Color colour, double advance, boolean middle) {
      Font f = sized(base);
      if (y + f.getSize() > bottom) {
        return false;
      }
      g.setFont(f);
      g.setFill(colour);
      put(g, middle ? text.middle(s, width, f) : text.end(s, width, f), x, y);
      y += advance * f.getSize() / base.getSize();
      return true;
    }
  }

  /**
   * Resets the context and, when there is a layout, switches to world coordinates.
   *
   * @param clear whether to clear the whole layer first (the bottom layer paints over instead)
   * @return false when there is nothing placed yet
   */
  private boolean enterWorld(GraphicsContext g, Frame f, boolean clear) {
    view = f.view();
    frameWidth = f.width();
    frameHeight = f.height();
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.setGlobalAlpha(1);
    g.setTextBaseline(VPos.TOP);
    g.setTextAlign(TextAlignment.LEFT);
    if (clear) {
      g.clearRect(0, 0, f.width(), f.height());
    } else {
      g.setFill(f.palette().background());
      g.fillRect(0, 0, f.width(), f.height());
    }
    if (f.layout() == null) {
      return false;
    }
    Viewport v = f.view();
    g.setTransform(v.scale, 0, 0, v.scale, v.tx, v.ty);
    return true;
  }

  /** Bottom layer: background and node regions; a whole redraw starts measuring text anew. */
  void regions(GraphicsContext g, Frame f) {
    sizes.reset();
    if (!enterWorld(g, f, false)) {
      return;
    }
    drawRegions(g, f.scene(), f.layout(), f.palette(), labels(f));
  }

  /**
   * Middle layer: every endpoint edge (they cross, so the layer is redrawn whole); the edges of a
   * collapsed group's members are drawn as one bundle per pair of cards.
   */
  void edges(GraphicsContext g, Frame f) {
    if (!enterWorld(g, f, true)) {
      return;
    }
    Map<String, EdgeBundle> bundles = new java.util.LinkedHashMap<>();
    for (EndpointEdge e : f.scene().edgesShown(f.namespace(), f.grouping())) {
      SceneElement from = f.scene().element(e.serviceKey());
      SceneElement to = f.scene().element(e.targetKey());
      if (from == null || to == null || !f.visible().test(from) || !f.visible().test(to)) {
        continue;
      }
      Rect a = f.layout().element(e.serviceKey());
      Rect b = f.layout().element(e.targetKey());
      if (a != null && b != null) {
        boolean highlighted = e.serviceKey().equals(f.selected()) || e.targetKey().equals(f.selected());
        drawEdge(g, e, a, b, f.palette(), highlighted, f.now());
      } else if (!e.removing()) {
        String ca = f.grouping().shownAs(from);
        String cb = f.grouping().shownAs(to);
        if (!ca.equals(cb)) {
          bundles.computeIfAbsent(ca + "→" + cb, k -> new EdgeBundle(ca, cb)).add(e.currentState());
        }
      }
    }
    for (EdgeBundle b : bundles.values()) {
      Rect ra = f.layout().element(b.from());
      Rect rb = f.layout().element(b.to());
      if (ra != null && rb != null) {
        drawBundle(g, b, ra, rb, f, b.from().equals(f.selected()) || b.to().equals(f.selected()));
      }
    }
    g.setGlobalAlpha(1);
  }

  /** Top layer, whole: every card, those of collapsed groups too. */
  void cards(GraphicsContext g, Frame f) {
    if (!enterWorld(g, f, true)) {
      return;
    }
    // what is placed, not every element: a collapsed group's members are not drawn
    for (String key : f.layout().elements().keySet()) {
      SceneElement el = f.scene().element(key);
      GroupCard c = el == null ? f.grouping().cards().get(key) : null;
      if (el != null) {
        drawCard(g, el, f, false);
      } else if (c != null) {
        drawGroup(g, c, f, false);
      }
    }
    g.setGlobalAlpha(1);
  }

  /** Top layer, one collapsed group's card (its counts changed). */
  void group(GraphicsContext g, GroupCard c, Frame f) {
    if (f.layout() == null) {
      return;
    }
    view = f.view();
    frameWidth = f.width();
    frameHeight = f.height();
    g.setGlobalAlpha(1);
    g.setTransform(view.scale, 0, 0, view.scale, view.tx, view.ty);
    drawGroup(g, c, f, true);
  }

  /** Top layer, one card: cards never overlap, so it is cleared and drawn alone. */
  void card(GraphicsContext g, SceneElement el, Frame f) {
    if (f.layout() == null) {
      return;
    }
    g.setGlobalAlpha(1);
    Viewport v = f.view();
    view = v;
    frameWidth = f.width();
    frameHeight = f.height();
    g.setTransform(v.scale, 0, 0, v.scale, v.tx, v.ty);
    drawCard(g, el, f, true);
    g.setGlobalAlpha(1);
  }

  /** Writes text in world coordinates, noting its size on screen when it lands there. */
  private void put(GraphicsContext g, String s, double x, double y) {
    g.fillText(s, x, y);
    double sx = x * view.scale + view.tx;
    double sy = y * view.scale + view.ty;
    if (!s.isEmpty() && sx >= 0 && sy >= 0 && sx <= frameWidth && sy <= frameHeight) {
      sizes.saw(g.getFont().getSize() * view.scale);
    }
  }

  /** The smallest text drawn on screen since the last whole redraw (px). */
  double smallestTextPx() {
    return sizes.min();
  }

  /** Room around a card for its selection ring, cleared with it. */
  double margin() {
    return 5 * unit;
  }

  private void drawCard(GraphicsContext g, SceneElement el, Frame f, boolean clear) {
    Rect r = f.layout().element(el.key());
    if (r == null || !onScreen(r, f.view(), f.width(), f.height())) {
      return;
    }
    if (clear) {
      double m = margin();
      g.clearRect(r.x() - m, r.y() - m, r.width() + 2 * m, r.height() + 2 * m);
    }
    if (!f.visible().test(el)) {
      return;
    }
    boolean labels = labels(f);
    Palette p = f.palette();
    g.setGlobalAlpha(el.alpha(f.now()));
    switch (el.kind()) {
      case SERVICE -> drawService(g, el, r, p, labels);
      case POD -> drawPod(g, el, r, p, labels, f.now());
      case ADDRESS -> drawAddress(g, el, r, p, labels);
      default -> throw new IllegalStateException();
    }
    if (el.key().equals(f.selected())) {
      g.setStroke(p.selection());
      g.setLineWidth(3 * unit);
      g.strokeRoundRect(r.x() - 3 * unit, r.y() - 3 * unit, r.width() + 6 * unit,
          r.height() + 6 * unit, 12 * unit, 12 * unit);
    }
  }

  private static boolean onScreen(Rect r, Viewport v, double w, double h) {
    double x = r.x() * v.scale + v.tx;
    double y = r.y() * v.scale + v.ty;
    return x + r.width() * v.scale >= 0 && y + r.height() * v.scale >= 0 && x <= w && y <= h;
  }

  private void drawRegions(GraphicsContext g, ClusterScene scene, LayoutResult layout, Palette p,
      boolean labels) {
    for (Map.Entry<String, Rect> e : layout.regions().entrySet()) {
      Rect r = e.getValue();
      g.setFill(p.regionFill());
      g.fillRoundRect(r.x(), r.y(), r.width(), r.height(), 14 * unit, 14 * unit);
      g.setStroke(p.regionBorder());
      g.setLineWidth(1.5 * unit);
      g.setLineDashes();
      g.strokeRoundRect(r.x(), r.y(), r.width(), r.height(), 14 * unit, 14 * unit);
      NodeInfo node = scene.clusterNodes().get(e.getKey());
      if (!labels) {
        nameOnly(g, regionTitle(e.getKey(), node), new Rect(r.x(), r.y(), r.width(),
            dev.switchboard.layouts.LayoutMetrics.DEFAULT.regionHeader() * unit), 12 * unit,
            p.text());
        continue;
      }
      // the region's header, above its pods
      Lines lines = new Lines(g, r.x() + 12 * unit, r.y() + 8 * unit, r.width() - 24 * unit,
          r.y() + dev.switchboard.layouts.LayoutMetrics.DEFAULT.regionHeader() * unit);
      if (lines.line(regionTitle(e.getKey(), node), title, p.text(), 18 * unit, false)) {
        lines.line(regionDetail(e.getKey(), node), small, p.textMuted(), 14 * unit, false);
      }
    }
  }

  static String regionTitle(String region, NodeInfo node) {
    if (region.equals(LayoutInput.UNSCHEDULED) || region.equals(ClusterScene.ADDRESS_REGION)) {
      return region;
    }
    if (region.startsWith(ClusterScene.WORKLOADS_REGION)) {
      return "Workloads in " + region.substring(ClusterScene.WORKLOADS_REGION.length());
    }
    return "Node " + region + (node == null ? "" : node.ready() ? "  ● Ready" : "  ▲ NotReady");
  }

  static String regionDetail(String region, NodeInfo node) {
    if (region.equals(LayoutInput.UNSCHEDULED)) {
      return "pods not yet placed on a node";
    }
    if (region.equals(ClusterScene.ADDRESS_REGION)) {
      return "endpoints of selector-less Services";
    }
    if (region.startsWith(ClusterScene.WORKLOADS_REGION)) {
      return "collapsed: click one to show its pods on their nodes";
    }
    if (node == null) {
      return "node details not visible (no permission to list nodes)";
    }
    return "IP " + node.internalIp() + (node.podCidr() == null ? "" : " · pods " + node.podCidr())
        + (node.zone() == null ? "" : " · " + node.zone());
  }

  private void drawEdge(GraphicsContext g, EndpointEdge e, Rect a, Rect b, Palette p,
      boolean highlighted, long now) {
    double blend = e.state.progress(now);
    Color from = stateColor((EndpointState) e.state.previous(), p);
    Color to = stateColor(e.currentState(), p);
    g.setGlobalAlpha(e.alpha(now) * (highlighted ? 1 : 0.75));
    g.setStroke(from.interpolate(to, blend));
    g.setLineWidth((highlighted ? 3.2 : 1.8) * unit);
    g.setLineCap(StrokeLineCap.ROUND);
    switch (e.currentState()) {
      case NOT_READY -> g.setLineDashes(7 * unit, 5 * unit);
      case TERMINATING, TERMINATING_SERVING -> g.setLineDashes(2 * unit, 5 * unit);
      default -> g.setLineDashes();
    }
    double[] ends = strokeCurve(g, a, b);
    g.setLineDashes();
    g.setFill(to);
    g.fillOval(ends[2] - 3.5 * unit, ends[3] - 3.5 * unit, 7 * unit, 7 * unit);
    g.setGlobalAlpha(1);
  }

  /**
   * An edge's curve from a Service's card to a target's, foot to head (head to foot when the
   * target lies above), stroked as set up.
   *
   * @return its ends: x1, y1, x2, y2
   */
  private static double[] strokeCurve(GraphicsContext g, Rect a, Rect b) {
    double x1 = a.centerX();
    double y1 = a.y() + a.height();
    double x2 = b.centerX();
    double y2 = b.y();
    if (y2 < y1) {
      y2 = b.y() + b.height();
      y1 = a.y();
    }
    double bend = (y2 - y1) * 0.45;
    g.beginPath();
    g.moveTo(x1, y1);
    g.bezierCurveTo(x1, y1 + bend, x2, y2 - bend, x2, y2);
    g.stroke();
    return new double[] {x1, y1, x2, y2};
  }

  static Color stateColor(EndpointState s, Palette p) {
    return switch (s) {
      case READY -> p.ready();
      case NOT_READY -> p.notReady();
      case TERMINATING, TERMINATING_SERVING -> p.terminating();
    };
  }

  private void drawService(GraphicsContext g, SceneElement el, Rect r, Palette p, boolean labels) {
    ServiceInfo s = el.service();
    Color typeColor = typeColor(s, p);
    double arc = 12 * unit;
    g.setFill(p.cardFill());
    g.fillRoundRect(r.x(), r.y(), r.width(), r.height(), arc, arc);
    g.setStroke(typeColor);
    g.setLineWidth(2 * unit);
    if (s.type() == ServiceType.EXTERNAL_NAME || s.headless()) {
      g.setLineDashes(6 * unit, 4 * unit);
    }
    g.strokeRoundRect(r.x(), r.y(), r.width(), r.height(), arc, arc);
    g.setLineDashes();
    g.setFill(typeColor);
    g.fillRoundRect(r.x(), r.y(), r.width(), 7 * unit, arc, arc);
    drawDiagnosticBadge(g, el.diagnostics(), r, p);
    if (!labels) {
      nameOnly(g, s.name(), r, 9 * unit, p.text());
      return;
    }
    double x = r.x() + 9 * unit;
    double w = r.width() - 18 * unit;
    double y = r.y() + 10 * unit;
    String typeName = s.headless() ? "Headless" : s.type().apiName();
    double badgeRoom = el.diagnostics().isEmpty() ? 0 : 18 * unit;
    Font typeFont = sized(badge);
    double nameRoom = w - text.width(typeName, typeFont) - badgeRoom - 8 * unit;
    // the name comes first: the type goes when both do not fit at the floor size
    boolean typeShown = nameRoom >= 4 * sized(title).getSize();
    String selector = CardText.selector(s);
    String policies = CardText.policies(s);
    String last = policies.isEmpty() ? selector : selector.isEmpty() ? policies
        : selector + " · " + policies;
    Font lastFont = sized(small);
    double lastY = r.y() + r.height() - 18 * unit * lastFont.getSize() / small.getSize();
    Lines lines = new Lines(g, x, y, typeShown ? nameRoom : w - badgeRoom, r.y() + r.height());
    if (!lines.line(s.name(), title, p.text(), 17 * unit, true)) {
      return;
    }
    if (typeShown) {
      g.setFill(typeColor);
      g.setFont(typeFont);
      g.setTextAlign(TextAlignment.RIGHT);
      put(g, typeName, r.x() + r.width() - 9 * unit - badgeRoom, y + unit);
      g.setTextAlign(TextAlignment.LEFT);
    }
    Lines rest = new Lines(g, x, lines.y, w, r.y() + r.height());
    rest.line(s.namespace() + " · " + CardText.address(s), small, p.textMuted(), 15 * unit, false);
    List<String> ports = CardText.ports(s, el.resolvedTargets());
    int shown = Math.min(ports.size(), 2);
    for (int i = 0; i < shown; i++) {
      String line = ports.get(i) + (i == shown - 1 && ports.size() > shown
          ? "  +" + (ports.size() - shown) + " more" : "");
      if (!rest.line(line, body, p.text(), 15 * unit, false)) {
        break;
      }
    }
    if (!last.isEmpty()) {
      // at the card's foot when there is room; under the lines above when they took it
      new Lines(g, x, Math.max(rest.y, lastY), w, r.y() + r.height())
          .line(last, small, p.textMuted(), 0, false);
    }
  }

  private void drawDiagnosticBadge(GraphicsContext g, List<Diagnostic> diagnostics, Rect r,
      Palette p) {
    if (diagnostics.isEmpty()) {
      return;
    }
    Diagnostic.Severity worst = diagnostics.stream().map(Diagnostic::severity)
        .min(Enum::compareTo).orElseThrow();
    Color c = switch (worst) {
      case ERROR -> p.error();
      case WARNING -> p.warning();
      case INFO -> p.info();
    };
    Font f = sized(badge);
    double d = Math.max(18 * unit, f.getSize() * 1.3);
    double cx = r.x() + r.width() - d - 4 * unit;
    double cy = r.y() + 9 * unit;
    g.setFill(c);
    g.fillOval(cx, cy, d, d);
    g.setFill(Color.WHITE);
    g.setFont(f);
    g.setTextAlign(TextAlignment.CENTER);
    put(g, worst == Diagnostic.Severity.INFO ? "i" : "!", cx + d / 2, cy + 2 * unit);
    g.setTextAlign(TextAlignment.LEFT);
  }

  static Color typeColor(ServiceInfo s, Palette p) {
    if (s.headless()) {
      return p.headless();
    }
    return switch (s.type()) {
      case CLUSTER_IP -> p.clusterIp();
      case NODE_PORT -> p.nodePort();
      case LOAD_BALANCER -> p.loadBalancer();
      case EXTERNAL_NAME -> p.externalName();
    };
  }

  private void drawPod(GraphicsContext g, SceneElement el, Rect r, Palette p, boolean labels,
      long now) {
    PodInfo pod = el.pod();
    Color look = lookColor((PodLook) el.status.previous(), p)
        .interpolate(lookColor((PodLook) el.status.current(), p), el.status.progress(now));
    if (r.width() * view.scale < DOT_PX) {
      // too small for a card to say anything: a dot in its state's colour
      double d = r.height() * 0.7;
      g.setFill(look);
      g.fillRect(r.centerX() - d / 2, r.centerY() - d / 2, d, d);
      return;
    }
    double arc = 10 * unit;
    g.setFill(p.cardFill());
    g.fillRoundRect(r.x(), r.y(), r.width(), r.height(), arc, arc);
    g.setStroke(look);
    g.setLineWidth(2 * unit);
    if (PodLook.of(pod) == PodLook.TERMINATING) {
      g.setLineDashes(3 * unit, 4 * unit);
    }
    g.strokeRoundRect(r.x(), r.y(), r.width(), r.height(), arc, arc);
    g.setLineDashes();
    g.setFill(look);
    g.fillRoundRect(r.x(), r.y(), 6 * unit, r.height(), arc, arc);
    if (!labels) {
      nameOnly(g, pod.name(), r, 12 * unit, p.text());
      return;
    }
    double x = r.x() + 12 * unit;
    double w = r.width() - 18 * unit;
    Font glyph = sized(body);
    double glyphRoom = Math.max(14 * unit, glyph.getSize() * 1.2);
    Lines name = new Lines(g, x + glyphRoom, r.y() + 4 * unit, w - glyphRoom,
        r.y() + r.height());
    if (!name.line(pod.name(), title, p.text(), 16 * unit, true)) {
      return;
    }
    g.setFill(look);
    g.setFont(glyph);
    put(g, PodLook.of(pod).glyph(), x, r.y() + 5 * unit);
    Lines rest = new Lines(g, x, name.y, w, r.y() + r.height());
    if (rest.line(pod.ip() == null ? "no IP yet" : pod.ip(), body, p.text(), 15 * unit, false)) {
      rest.line(CardText.podStatus(pod), small, p.textMuted(), 0, false);
    }
  }

  static Color lookColor(PodLook look, Palette p) {
    return switch (look) {
      case READY -> p.ready();
      case NOT_READY -> p.notReady();
      case PENDING -> p.pending();
      case TERMINATING, SUCCEEDED -> p.terminating();
      case FAILED -> p.failed();
    };
  }

  private void drawAddress(GraphicsContext g, SceneElement el, Rect r, Palette p, boolean labels) {
    g.setFill(p.cardFill());
    g.fillRoundRect(r.x(), r.y(), r.width(), r.height(), 8 * unit, 8 * unit);
    g.setStroke(p.cardBorder());
    g.setLineWidth(1.5 * unit);
    g.setLineDashes(4 * unit, 3 * unit);
    g.strokeRoundRect(r.x(), r.y(), r.width(), r.height(), 8 * unit, 8 * unit);
    g.setLineDashes();
    if (labels) {
      Lines lines = new Lines(g, r.x() + 10 * unit, r.y() + 8 * unit, r.width() - 20 * unit,
          r.y() + r.height());
      if (lines.line(el.address(), body, p.text(), 16 * unit, false)) {
        lines.line("address, no pod", small, p.textMuted(), 0, false);
      }
    } else {
      nameOnly(g, el.address(), r, 10 * unit, p.text());
    }
  }

  /** A collapsed group's edges between two cards: how many, in which states. */
  private static final class EdgeBundle {
    private final String from;
    private final String to;
    private final int[] states = new int[EndpointState.values().length];
    private int count;

    EdgeBundle(String from, String to) {
      this.from = from;
      this.to = to;
    }

    String from() {
      return from;
    }

    String to() {
      return to;
    }

    void add(EndpointState s) {
      states[s.ordinal()]++;
      count++;
    }

    /** The state most of the bundle's endpoints are in. */
    EndpointState main() {
      int best = 0;
      for (int i = 1; i < states.length; i++) {
        if (states[i] > states[best]) {
          best = i;
        }
      }
      return EndpointState.values()[best];
    }
  }

  /** One line for many endpoints: thicker the more it carries, labelled with how many. */
  private void drawBundle(GraphicsContext g, EdgeBundle b, Rect a, Rect t, Frame f,
      boolean highlighted) {
    Palette p = f.palette();
    Color c = stateColor(b.main(), p);
    g.setGlobalAlpha(highlighted ? 1 : 0.8);
    g.setStroke(c);
    g.setLineWidth((1.8 + 1.6 * Math.log(b.count) / Math.log(2)) * unit);
    g.setLineCap(StrokeLineCap.ROUND);
    g.setLineDashes(b.count == b.states[EndpointState.READY.ordinal()] ? new double[0]
        : new double[] {7 * unit, 5 * unit});
    double[] ends = strokeCurve(g, a, t);
    g.setLineDashes();
    double x1 = ends[0];
    double y1 = ends[1];
    double x2 = ends[2];
    double y2 = ends[3];
    if (labels(f) && b.count > 1) {
      String label = "×" + b.count + (b.count == b.states[EndpointState.READY.ordinal()] ? ""
          : " (" + (b.count - b.states[EndpointState.READY.ordinal()]) + " not ready)");
      Font font = sized(small);
      double w = text.width(label, font) + 8 * unit;
      double lx = x1 + (x2 - x1) * 0.75 - w / 2;
      double ly = y1 + (y2 - y1) * 0.75 - font.getSize() * 0.7;
      g.setGlobalAlpha(1);
      g.setFill(p.cardFill());
      g.fillRoundRect(lx, ly, w, font.getSize() * 1.4, 6 * unit, 6 * unit);
      g.setFill(c);
      g.setFont(font);
      put(g, label, lx + 4 * unit, ly + font.getSize() * 0.2);
    }
    g.setGlobalAlpha(1);
  }

  /** A collapsed namespace or workload: a stack of cards, its counts and a bar of its states. */
  private void drawGroup(GraphicsContext g, GroupCard c, Frame f, boolean clear) {
    Rect r = f.layout().element(c.key());
    if (r == null || !onScreen(r, f.view(), f.width(), f.height())) {
      return;
    }
    double m = margin();
    if (clear) {
      g.clearRect(r.x() - m, r.y() - m, r.width() + 2 * m, r.height() + 2 * m);
    }
    Palette p = f.palette();
    Color look = lookColor(c.worst(), p);
    double arc = (c.isNamespace() ? 12 : 10) * unit;
    for (int i = 2; i >= 1; i--) {
      double o = i * 2 * unit;
      g.setFill(p.cardFill());
      g.fillRoundRect(r.x() + o, r.y() - o, r.width(), r.height(), arc, arc);
      g.setStroke(p.cardBorder());
      g.setLineWidth(unit);
      g.strokeRoundRect(r.x() + o, r.y() - o, r.width(), r.height(), arc, arc);
    }
    g.setFill(p.cardFill());
    g.fillRoundRect(r.x(), r.y(), r.width(), r.height(), arc, arc);
    g.setStroke(c.isNamespace() ? p.textMuted() : look);
    g.setLineWidth(2 * unit);
    g.strokeRoundRect(r.x(), r.y(), r.width(), r.height(), arc, arc);
    drawStateBar(g, c, r, p);
    if (labels(f)) {
      drawGroupText(g, c, r, p);
    } else {
      nameOnly(g, c.isNamespace() ? c.namespace() : c.workload().name(), r, 10 * unit, p.text());
    }
    if (c.key().equals(f.selected())) {
      g.setStroke(p.selection());
      g.setLineWidth(3 * unit);
      g.strokeRoundRect(r.x() - 3 * unit, r.y() - 3 * unit, r.width() + 6 * unit,
          r.height() + 6 * unit, 12 * unit, 12 * unit);
    }
  }

  /** The card's foot: one segment per pod state, as wide as its share of the pods. */
  private void drawStateBar(GraphicsContext g, GroupCard c, Rect r, Palette p) {
    double h = 6 * unit;
    double x = r.x() + 6 * unit;
    double w = r.width() - 12 * unit;
    double y = r.y() + r.height() - h - 5 * unit;
    int pods = c.pods();
    if (pods == 0) {
      return;
    }
    for (PodLook look : PodLook.values()) {
      double part = w * c.count(look) / pods;
      if (part > 0) {
        g.setFill(lookColor(look, p));
        g.fillRect(x, y, part, h);
        x += part;
      }
    }
  }

  private void drawGroupText(GraphicsContext g, GroupCard c, Rect r, Palette p) {
    double x = r.x() + 10 * unit;
    double w = r.width() - 20 * unit;
    double bottom = r.y() + r.height() - 12 * unit;
    String tag = c.isNamespace() ? "Namespace" : c.workload().kind();
    Font tagFont = sized(badge);
    double nameRoom = w - text.width(tag, tagFont) - 8 * unit;
    boolean tagShown = nameRoom >= 4 * sized(title).getSize();
    Lines name = new Lines(g, x, r.y() + 6 * unit, tagShown ? nameRoom : w, bottom);
    String title = c.isNamespace() ? c.namespace() : c.workload().name();
    if (!name.line(title, this.title, p.text(), 16 * unit, true)) {
      return;
    }
    if (tagShown) {
      g.setFill(p.textMuted());
      g.setFont(tagFont);
      g.setTextAlign(TextAlignment.RIGHT);
      put(g, tag, r.x() + r.width() - 10 * unit, r.y() + 7 * unit);
      g.setTextAlign(TextAlignment.LEFT);
    }
    Lines rest = new Lines(g, x, name.y, w, bottom);
    if (c.isNamespace() && !rest.line(CardText.holds(c), body, p.text(), 15 * unit, false)) {
      return;
    }
    if (rest.line(CardText.tallies(c), small, p.text(), 14 * unit, false)) {
      rest.line(CardText.spread(c), small, p.textMuted(), 0, false);
    }
  }

  /**
   * A card too small on screen for its lines shows its name alone, as big as the card allows
   * (up to {@link #NAME_ONLY_MAX_PX}), in the middle of its height; nothing when even that would
   * be under {@link #NAME_ONLY_MIN_PX}.
   */
  private void nameOnly(GraphicsContext g, String name, Rect r, double left, Color colour) {
    double px = Math.min(r.height() * view.scale * 0.42, NAME_ONLY_MAX_PX);
    if (px < NAME_ONLY_MIN_PX || r.width() * view.scale < DOT_PX) {
      return;
    }
    if (namesAt != view.scale) {
      nameFonts.clear();
      namesAt = view.scale;
    }
    // sizes rounded to a tenth of a pixel on screen: a few fonts serve every card of a frame
    long tenths = Math.round(px * 10);
    Font f = nameFonts.computeIfAbsent(tenths, t -> Font.font(title.getFamily(), FontWeight.BOLD,
        t / 10.0 / view.scale));
    g.setFont(f);
    g.setFill(colour);
    put(g, text.middle(name, r.width() - left - 6 * unit, f), r.x() + left,
        r.y() + (r.height() - f.getSize()) / 2);
  }
}
