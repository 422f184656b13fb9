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

  private final double unit;
  private final Font title;
  private final Font body;
  private final Font small;
  private final Font badge;
  private final TextFit text = new TextFit();

  /** @param unit the theme's scale (1 = 12 px body text at zoom 1) */
  GraphRenderer(double unit) {
    this.unit = unit;
    this.title = Font.font("System", FontWeight.BOLD, 13 * unit);
    this.body = Font.font("System", 11.5 * unit);
    this.small = Font.font("System", 10.5 * unit);
    this.badge = Font.font("System", FontWeight.BOLD, 11 * unit);
  }

  /** The frame every layer shares: world → screen, clipped to the canvas. */
  record Frame(double width, double height, ClusterScene scene, LayoutResult layout, Viewport view,
      Palette palette, String selected, Predicate<SceneElement> visible, long now) {}

  private boolean labels(Frame f) {
    return 11 * unit * f.view().scale >= MIN_READABLE_PX;
  }

  /**
   * Resets the context and, when there is a layout, switches to world coordinates.
   *
   * @param clear whether to clear the whole layer first (the bottom layer paints over instead)
   * @return false when there is nothing placed yet
   */
  private static boolean enterWorld(GraphicsContext g, Frame f, boolean clear) {
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

  /** Bottom layer: background and node regions. */
  void regions(GraphicsContext g, Frame f) {
    if (!enterWorld(g, f, false)) {
      return;
    }
    drawRegions(g, f.scene(), f.layout(), f.palette(), labels(f));
  }

  /** Middle layer: every endpoint edge (they cross, so the layer is redrawn whole). */
  void edges(GraphicsContext g, Frame f) {
    if (!enterWorld(g, f, true)) {
      return;
    }
    for (EndpointEdge e : f.scene().edges()) {
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
      }
    }
    g.setGlobalAlpha(1);
  }

  /** Top layer, whole: every card. */
  void cards(GraphicsContext g, Frame f) {
    if (!enterWorld(g, f, true)) {
      return;
    }
    for (SceneElement el : f.scene().elements()) {
      drawCard(g, el, f, false);
    }
    g.setGlobalAlpha(1);
  }

  /** Top layer, one card: cards never overlap, so it is cleared and drawn alone. */
  void card(GraphicsContext g, SceneElement el, Frame f) {
    if (f.layout() == null) {
      return;
    }
    g.setGlobalAlpha(1);
    Viewport v = f.view();
    g.setTransform(v.scale, 0, 0, v.scale, v.tx, v.ty);
    drawCard(g, el, f, true);
    g.setGlobalAlpha(1);
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
      if (!labels) {
        continue;
      }
      NodeInfo node = scene.clusterNodes().get(e.getKey());
      g.setFill(p.text());
      g.setFont(title);
      double tx = r.x() + 12 * unit;
      g.fillText(regionTitle(e.getKey(), node), tx, r.y() + 8 * unit);
      g.setFill(p.textMuted());
      g.setFont(small);
      g.fillText(text.end(regionDetail(e.getKey(), node), r.width() - 24 * unit, small), tx,
          r.y() + 26 * unit);
    }
  }

  static String regionTitle(String region, NodeInfo node) {
    if (region.equals(LayoutInput.UNSCHEDULED) || region.equals(ClusterScene.ADDRESS_REGION)) {
      return region;
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
    g.setLineDashes();
    g.setFill(to);
    g.fillOval(x2 - 3.5 * unit, y2 - 3.5 * unit, 7 * unit, 7 * unit);
    g.setGlobalAlpha(1);
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
      return;
    }
    double x = r.x() + 9 * unit;
    double w = r.width() - 18 * unit;
    double y = r.y() + 10 * unit;
    g.setFill(p.text());
    g.setFont(title);
    String typeName = s.headless() ? "Headless" : s.type().apiName();
    double badgeRoom = el.diagnostics().isEmpty() ? 0 : 18 * unit;
    g.fillText(text.middle(s.name(), w - text.width(typeName, badge) - badgeRoom - 8 * unit, title), x, y);
    g.setFill(typeColor);
    g.setFont(badge);
    g.setTextAlign(TextAlignment.RIGHT);
    g.fillText(typeName, r.x() + r.width() - 9 * unit - badgeRoom, y + unit);
    g.setTextAlign(TextAlignment.LEFT);
    g.setFill(p.textMuted());
    g.setFont(small);
    y += 17 * unit;
    g.fillText(text.end(s.namespace() + " · " + CardText.address(s), w, small), x, y);
    g.setFill(p.text());
    g.setFont(body);
    List<String> ports = CardText.ports(s, el.resolvedTargets());
    int shown = Math.min(ports.size(), 2);
    for (int i = 0; i < shown; i++) {
      y += 15 * unit;
      String line = ports.get(i) + (i == shown - 1 && ports.size() > shown
          ? "  +" + (ports.size() - shown) + " more" : "");
      g.fillText(text.end(line, w, body), x, y);
    }
    g.setFill(p.textMuted());
    g.setFont(small);
    String selector = CardText.selector(s);
    String policies = CardText.policies(s);
    String last = policies.isEmpty() ? selector : selector.isEmpty() ? policies
        : selector + " · " + policies;
    if (!last.isEmpty()) {
      g.fillText(text.end(last, w, small), x, r.y() + r.height() - 18 * unit);
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
    double d = 18 * unit;
    double cx = r.x() + r.width() - d - 4 * unit;
    double cy = r.y() + 9 * unit;
    g.setFill(c);
    g.fillOval(cx, cy, d, d);
    g.setFill(Color.WHITE);
    g.setFont(badge);
    g.setTextAlign(TextAlignment.CENTER);
    g.fillText(worst == Diagnostic.Severity.INFO ? "i" : "!", cx + d / 2, cy + 2 * unit);
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
      return;
    }
    double x = r.x() + 12 * unit;
    double w = r.width() - 18 * unit;
    g.setFill(look);
    g.setFont(body);
    g.fillText(PodLook.of(pod).glyph(), x, r.y() + 5 * unit);
    g.setFill(p.text());
    g.setFont(title);
    g.fillText(text.middle(pod.name(), w - 14 * unit, title), x + 14 * unit, r.y() + 4 * unit);
    g.setFont(body);
    g.fillText(pod.ip() == null ? "no IP yet" : pod.ip(), x, r.y() + 20 * unit);
    g.setFill(p.textMuted());
    g.setFont(small);
    g.fillText(text.end(CardText.podStatus(pod), w, small), x, r.y() + 35 * unit);
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
      g.setFill(p.text());
      g.setFont(body);
      g.fillText(el.address(), r.x() + 10 * unit, r.y() + 8 * unit);
      g.setFill(p.textMuted());
      g.setFont(small);
      g.fillText("address, no pod", r.x() + 10 * unit, r.y() + 24 * unit);
    }
  }
}
