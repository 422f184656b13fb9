package dev.switchboard.app.ui.graph;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.ui.theme.Palette;
import dev.switchboard.app.ui.theme.StyleClasses;
import dev.switchboard.app.ui.theme.Theme;
import dev.switchboard.layouts.ClusterLayout;
import dev.switchboard.layouts.LayoutMetrics;
import dev.switchboard.layouts.LayoutResult;
import dev.switchboard.layouts.Point;
import dev.switchboard.layouts.Rect;
import dev.switchboard.layouts.SavedLayout;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.animation.AnimationTimer;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;

/**
 * The cluster picture: three stacked canvases drawn by {@link GraphRenderer} from a
 * {@link ClusterScene} — node regions, endpoint edges, cards. Owns the app's one FX cadence (an
 * AnimationTimer): each pulse drains a bounded batch of store changes into the scene, updates the
 * layout when something came or went, and redraws only what changed: the cards that animate, one
 * by one, and the edge layer while an edge animates. A canvas keeps its pixels between frames, so
 * an unchanged layer costs nothing; panning moves the layers and redraws once when the drag ends,
 * and a wheel zoom scales them until the wheel rests ({@link ZoomGesture}).
 * A big cluster is shown collapsed by namespace and workload ({@link Grouping}); a click on a
 * collapsed card opens it. Drag a card to pin it, drag the background to pan, scroll to zoom,
 * double-click the background to fit. FX thread.
 */
public final class GraphView extends Region {
  /** Changes applied per frame at most: a relist of 150k pods spreads over frames. */
  static final int BATCH = 4000;
  /** …taken in slices of this many, until {@link #APPLY_BUDGET_NS} of the frame is spent. */
  private static final int SLICE = 250;
  /**
   * FX-thread time a frame spends taking in changes (one slice at least): with the layout and
   * the drawing it keeps every frame well inside 50 ms during a 150,000-pod sync.
   */
  static final long APPLY_BUDGET_NS = 12_000_000L;

  private final Canvas regionLayer = new Canvas();
  private final Canvas edgeLayer = new Canvas();
  private final Canvas canvas = new Canvas();
  private final Canvas trafficLayer = new Canvas();
  private final TrafficOverlay traffic = new TrafficOverlay();
  private final Viewport view = new Viewport();
  /** The drawn picture (regions, edges, cards) as one node, so a zoom can scale it as one. */
  private final javafx.scene.Group picture = new javafx.scene.Group(regionLayer, edgeLayer, canvas);
  private final ZoomGesture zooming = new ZoomGesture(picture);
  private final FrameStats stats = new FrameStats();
  private final List<Runnable> pulseListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> pulseStartListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> selectionListeners = new CopyOnWriteArrayList<>();
  private ClusterStore store;
  private PendingChanges pending;
  /** While it says no, changes wait (see {@link #holdUntil}). */
  private java.util.function.BooleanSupplier hold;
  private final Grouping grouping = new Grouping();
  private ClusterScene scene = sceneGroupedBy(grouping);
  /** A group just opened by a click: the view zooms to its members once they are placed. */
  private String opening;
  private Theme theme = Theme.LIGHT;
  private Palette palette = Palette.of(Theme.LIGHT);
  private GraphRenderer renderer = new GraphRenderer(1, 0);
  private ClusterLayout layout = new ClusterLayout(LayoutMetrics.DEFAULT);
  private LayoutResult placed;
  private String selected;
  private String namespace;
  private boolean dirty = true;
  private long previousFrameNs = Long.MIN_VALUE / 2;
  private double panX;
  private double panY;
  private boolean relayout = true;
  private boolean fitPending = true;
  private boolean userView;
  /** Elements to zoom to (the first matters most), instead of the whole picture; null: all. */
  private List<String> framing;
  /** Whether a framed Service brings its endpoints' cards into the frame. */
  private boolean framingEndpoints;
  private boolean continuous;
  private double pressX;
  private double pressY;
  private String dragging;
  private Point dragOffset;
  private boolean moved;

  private final Predicate<SceneElement> visible = e -> namespace == null || e.namespace() == null
      || namespace.equals(e.namespace());

  private final AnimationTimer timer = new AnimationTimer() {
    @Override
    public void handle(long now) {
      pulse(now);
    }
  };

  public GraphView() {
    getStyleClass().add(StyleClasses.GRAPH_AREA);
    trafficLayer.setMouseTransparent(true);
    picture.setAutoSizeChildren(false);
    picture.setManaged(false);
    getChildren().addAll(picture, trafficLayer);
    // layers moved by a pan or scaled by a zoom must not spill over the panes around the picture
    javafx.scene.shape.Rectangle bounds = new javafx.scene.shape.Rectangle();
    bounds.widthProperty().bind(widthProperty());
    bounds.heightProperty().bind(heightProperty());
    setClip(bounds);
    setFocusTraversable(true);
    addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
    addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
    addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
    addEventHandler(ScrollEvent.SCROLL, e -> {
      userView = true;
      fitPending = false;
      view.zoomAt(Math.pow(1.0015, e.getDeltaY()), e.getX(), e.getY());
      zooming.stepped(view, System.nanoTime());
      e.consume();
    });
    timer.start();
  }

  private static ClusterScene sceneGroupedBy(Grouping g) {
    ClusterScene s = new ClusterScene();
    s.groupedBy(g);
    return s;
  }

  /** Shows a (new) store: the picture starts empty and fills as the store's changes arrive. */
  public void attach(ClusterStore newStore) {
    if (store != null) {
      store.removeListener(pending);
    }
    store = newStore;
    hold = null;
    pending = new PendingChanges();
    scene = sceneGroupedBy(grouping);
    grouping.mode(grouping.mode());
    layout = new ClusterLayout(layout.metrics());
    placed = null;
    selected = null;
    fitPending = true;
    relayout = true;
    store.addListener(pending);
    newStore.read(index -> {
      index.namespaces().forEach(n -> pending.changed(dev.switchboard.app.cluster.ChangeKind.NAMESPACE, n.key()));
      index.nodes().forEach(n -> pending.changed(dev.switchboard.app.cluster.ChangeKind.NODE, n.key()));
      index.pods().forEach(p -> pending.changed(dev.switchboard.app.cluster.ChangeKind.POD, p.key()));
      index.services().forEach(s -> pending.changed(dev.switchboard.app.cluster.ChangeKind.SERVICE, s.key()));
      index.slices().forEach(s -> pending.changed(dev.switchboard.app.cluster.ChangeKind.ENDPOINT_SLICE, s.key()));
      return null;
    });
  }

  /**
   * Keeps the picture empty until {@code ready} says yes, then draws everything at once: a file
   * is read in well under a second, and placing all of it together gives the same picture every
   * time it is opened (the layout fixes its columns when it first sees objects).
   */
  public void holdUntil(java.util.function.BooleanSupplier ready) {
    hold = ready;
  }

  public void theme(Theme t) {
    theme = t;
    palette = Palette.of(t);
    renderer = new GraphRenderer(t.scale(), t.readablePx());
    traffic.theme(t);
    SavedLayout saved = layout.save();
    layout = new ClusterLayout(LayoutMetrics.DEFAULT.scaled(t.scale()));
    layout.restore(withoutPins(saved));
    relayout = true;
    fitPending = true;
  }

  private static SavedLayout withoutPins(SavedLayout s) {
    return new SavedLayout(s.version(), Map.of(), s.serviceSlots(), s.regionColumns(),
        s.regionSlots(), s.serviceColumns());
  }

  /** The colours of the theme shown (for panes that draw in the picture's colours). */
  public Palette palette() {
    return palette;
  }

  public Theme theme() {
    return theme;
  }

  /** Shows one namespace (null for all); nodes stay. */
  public void namespace(String ns) {
    namespace = ns;
    grouping.shown(ns);
    relayout = true;
    fitPending = true;
  }

  /** What is collapsed by default (groups opened or closed by hand are forgotten). */
  public void grouping(Grouping.Mode mode) {
    grouping.mode(mode);
    relayout = true;
    fitPending |= !userView;
  }

  public Grouping grouping() {
    return grouping;
  }

  /** Opens a collapsed namespace or workload and zooms to what it held. */
  public void open(String group) {
    grouping.open(group);
    opening = group;
    relayout = true;
  }

  /**
   * Collapses the selected card's innermost group that is open (its workload, else its
   * namespace); false when there is none.
   */
  public boolean collapseSelected() {
    SceneElement e = selected == null ? null : scene.element(selected);
    GroupCard card = selected == null ? null : grouping.cards().get(selected);
    List<String> groups = e != null ? grouping.groupsOf(e) : card != null && !card.isNamespace()
        ? List.of(grouping.namespaceKey(card.namespace())) : List.of();
    for (String g : groups) {
      if (!grouping.collapsed(g)) {
        grouping.close(g);
        relayout = true;
        select(g);
        return true;
      }
    }
    return false;
  }

  public ClusterScene scene() {
    return scene;
  }

  public FrameStats stats() {
    return stats;
  }

  public String selected() {
    return selected;
  }

  public void select(String key) {
    selected = key;
    dirty = true;
    selectionListeners.forEach(l -> l.accept(key));
  }

  public void onSelection(Consumer<String> listener) {
    selectionListeners.add(listener);
  }

  /** Runs on every pulse, after the scene is updated (status polling hangs here). */
  public void onPulse(Runnable listener) {
    pulseListeners.add(listener);
  }

  /**
   * Runs on every pulse before the scene takes in changes, and its time counts against their
   * budget: work that cannot be sliced (the side panes) shortens the pulse's updates instead of
   * adding to them.
   */
  public void onPulseStart(Runnable listener) {
    pulseStartListeners.add(listener);
  }

  /** Fits the picture to the window, and keeps it fitted on resize until the user pans or zooms. */
  public void fit() {
    framing = null;
    fitPending = true;
    userView = false;
  }

  /**
   * Zooms to some elements (a lesson's focus: a Service and, {@code withEndpoints}, the cards its
   * endpoints point at; one connection's stops). Applied once the first is placed, and again on
   * resize until the user pans or zooms; {@link #fit} returns to the whole picture.
   */
  public void frame(List<String> keys, boolean withEndpoints) {
    framing = keys.isEmpty() ? null : List.copyOf(keys);
    framingEndpoints = withEndpoints;
    fitPending = true;
    userView = false;
  }

  /**
   * The smallest text on screen now, in px: card text times zoom, labels over the picture;
   * infinity when none is shown. What the projector test holds to the theme's readable size.
   */
  public double smallestTextPx() {
    return Math.min(renderer.smallestTextPx(), traffic.smallestTextPx());
  }

  /** Zooms about the picture's centre, as the user would with the wheel (keys + and −). */
  public void zoom(double factor) {
    userView = true;
    fitPending = false;
    view.zoomAt(factor, getWidth() / 2, getHeight() / 2);
    dirty = true;
  }

  /** Where an element is on screen (center), or null: lets tests and the inspector point at it. */
  public javafx.geometry.Point2D screenCenterOf(String key) {
    Rect r = placed == null ? null : placed.element(key);
    if (r == null) {
      return null;
    }
    // the view already holds a zoom under way; a pan is held as an offset until the drag ends
    return localToScreen(r.centerX() * view.scale + view.tx + panX,
        r.centerY() * view.scale + view.ty + panY);
  }

  public SavedLayout saveLayout() {
    return layout.save();
  }

  public void restoreLayout(SavedLayout saved) {
    layout = new ClusterLayout(layout.metrics());
    layout.restore(saved);
    relayout = true;
  }

  public void resetLayout() {
    layout = new ClusterLayout(layout.metrics());
    relayout = true;
    fitPending = true;
  }

  /**
   * Where the layout put an element (layout units), or null; for a member of a collapsed group,
   * where its group's card is (what its connections fly to).
   */
  public Rect placement(String key) {
    if (placed == null) {
      return null;
    }
    Rect r = placed.element(key);
    if (r == null) {
      String card = scene.shownAs(key);
      r = card == null ? null : placed.element(card);
    }
    return r;
  }

  void pulse(long now) {
    long start = System.nanoTime();
    pulseStartListeners.forEach(Runnable::run);
    if (hold != null && hold.getAsBoolean()) {
      hold = null;
    }
    // before the changes are taken: a big sync's pods then come as counts from the first slice
    relayout |= grouping.cards(cardsComing());
    boolean changed = false;
    if (store != null && hold == null) {
      boolean structure = false;
      int taken = 0;
      List<PendingChanges.Change> batch;
      do {
        batch = pending.drain(SLICE);
        structure |= scene.apply(store, batch, now, start + APPLY_BUDGET_NS);
        taken += batch.size();
      } while (batch.size() == SLICE && taken < BATCH
          && System.nanoTime() - start < APPLY_BUDGET_NS);
      structure |= scene.purge(now);
      changed = taken > 0 || structure;
      if (structure) {
        relayout = true;
        dirty = true;
      }
    }
    java.util.Set<String> regrouped = java.util.Set.of();
    if (relayout) {
      placed = layout.update(scene.layoutInput(namespace, grouping));
      grouping.count(scene.membership(), namespace);
      relayout = false;
      dirty = true;
      // until the user pans or zooms, the picture stays fitted as it fills (a big cluster comes
      // over many frames, and collapses once it is big)
      fitPending |= !userView;
      frameOpened();
    } else if (changed && !grouping.cards().isEmpty()) {
      regrouped = grouping.count(scene.membership(), namespace);
    }
    if (fitPending && placed != null && getWidth() > 0 && !placed.elements().isEmpty()) {
      if (framing == null) {
        view.fit(placed.bounds(), getWidth(), getHeight());
        fitPending = false;
        dirty = true;
      } else if (placed.element(framing.get(0)) != null) {
        view.frame(framed(), getWidth(), getHeight());
        fitPending = false;
        dirty = true;
      }
    }
    pulseListeners.forEach(Runnable::run);
    if (zooming.rested(now)) {
      dirty = true;
    }
    GraphRenderer.Frame frame = new GraphRenderer.Frame(canvas.getWidth(), canvas.getHeight(), scene,
        placed, view, palette, selected, visible, namespace, grouping, now);
    boolean drew = false;
    // While a zoom is under way the drawn layers are scaled on screen; drawn sharp when it rests.
    if (!zooming.active()) {
      if (dirty || continuous) {
        renderer.regions(regionLayer.getGraphicsContext2D(), frame);
        renderer.edges(edgeLayer.getGraphicsContext2D(), frame);
        renderer.cards(canvas.getGraphicsContext2D(), frame);
        scene.cardsDue(now, now);
        zooming.drawn(view);
        dirty = false;
        drew = true;
      } else {
        if (scene.edgesDue(previousFrameNs)) {
          renderer.edges(edgeLayer.getGraphicsContext2D(), frame);
          drew = true;
        }
        for (SceneElement e : scene.cardsDue(previousFrameNs, now)) {
          renderer.card(canvas.getGraphicsContext2D(), e, frame);
          drew = true;
        }
        for (String k : regrouped) {
          GroupCard c = grouping.cards().get(k);
          if (c != null) {
            renderer.group(canvas.getGraphicsContext2D(), c, frame);
            drew = true;
          }
        }
      }
    }
    traffic.tick(now);
    if (traffic.due()) {
      traffic.draw(trafficLayer.getGraphicsContext2D(), trafficLayer.getWidth(),
          trafficLayer.getHeight(), this::placement, view, palette);
      drew = true;
    }
    previousFrameNs = now;
    if (drew) {
      stats.record(System.nanoTime() - start);
    }
  }

  /**
   * The cards the picture holds once it has taken in the changes that wait: Auto collapses a big
   * cluster before its first frame, rather than drawing it card by card up to the limit (a
   * 150,000-pod sync drew ~2,000 tiny cards and their edges for a few frames first, each taking
   * the software renderer 0.1–0.4 s).
   */
  private int cardsComing() {
    int shown = scene.cardCount();
    if (store == null || pending.size() == 0) {
      return shown;
    }
    return Math.max(shown, store.read(i -> i.pods().size() + i.services().size()));
  }

  /** Zooms to the cards of the group just opened, now that they are placed. */
  private void frameOpened() {
    if (opening == null) {
      return;
    }
    Rect r = null;
    for (Map.Entry<String, Rect> e : placed.elements().entrySet()) {
      if (grouping.within(e.getKey(), scene.element(e.getKey()), opening)) {
        r = r == null ? e.getValue() : r.union(e.getValue());
      }
    }
    opening = null;
    if (r != null && getWidth() > 0) {
      view.frame(r, getWidth(), getHeight());
      userView = true;
      fitPending = false;
    }
  }

  /** The bounds of the framed elements that are placed. */
  private Rect framed() {
    List<String> keys = new java.util.ArrayList<>(framing);
    if (framingEndpoints) {
      framing.forEach(k -> keys.addAll(scene.endpointsOf(k)));
    }
    Rect r = null;
    for (String k : keys) {
      Rect e = placed.element(k);
      if (e != null) {
        r = r == null ? e : r.union(e);
      }
    }
    return r;
  }

  /** Starts a connection's trip across the picture (client → Service → backend). */
  public void fly(dev.switchboard.app.trace.ConnectionTrace trace) {
    traffic.add(trace);
  }

  /**
   * Holds one connection still at a stage (1 DNS, 2 SYN at the Service, 3 DNAT, 4 backend,
   * 5 outcome) over the picture; null lets go.
   */
  public void focus(dev.switchboard.app.trace.ConnectionTrace trace, int stage) {
    traffic.focus(trace, stage);
  }

  /** Lets every connection in flight go: the timeline moved to another moment. */
  public void clearTraffic() {
    traffic.clear();
  }

  /** Packet-to-pixel latencies: [drawn under way, drawn once finished, all]. */
  public FrameStats[] trafficLatency() {
    return traffic.latency();
  }

  /** Animation pace for connections: 1 real, 0.25 slow motion, 0 paused. */
  public void trafficSpeed(double speed) {
    traffic.speed(speed);
  }

  /** Connections in the air now, and those not drawn because too many were. */
  public long[] traffic() {
    return new long[] {traffic.active(), traffic.notDrawn()};
  }

  /** Redraws on every pulse even when nothing changed: to measure sustained frame rates. */
  public void continuous(boolean on) {
    continuous = on;
  }

  /** Forces a full redraw now and returns its FX-thread time in ns (for the frame benchmark). */
  public long redrawNow(long now) {
    dirty = true;
    long start = System.nanoTime();
    pulse(now);
    return System.nanoTime() - start;
  }

  @Override
  protected void layoutChildren() {
    if (canvas.getWidth() != getWidth() || canvas.getHeight() != getHeight()) {
      for (Canvas c : List.of(regionLayer, edgeLayer, canvas, trafficLayer)) {
        c.setWidth(getWidth());
        c.setHeight(getHeight());
      }
      dirty = true;
      fitPending |= !userView;
    }
  }

  /** The card under a point (an element's or a collapsed group's), or null. */
  private String hit(double sx, double sy) {
    if (placed == null) {
      return null;
    }
    double wx = view.toWorldX(sx);
    double wy = view.toWorldY(sy);
    for (Map.Entry<String, Rect> e : placed.elements().entrySet()) {
      if (e.getValue().contains(wx, wy)) {
        return e.getKey(); // placed cards never overlap, unless pinned onto each other
      }
    }
    return null;
  }

  private void pressed(MouseEvent e) {
    requestFocus();
    pressX = e.getX();
    pressY = e.getY();
    moved = false;
    dragging = e.getButton() == MouseButton.PRIMARY ? hit(e.getX(), e.getY()) : null;
    if (dragging != null) {
      Rect r = placed.element(dragging);
      dragOffset = new Point(view.toWorldX(e.getX()) - r.x(), view.toWorldY(e.getY()) - r.y());
    }
    if (e.getClickCount() == 2 && dragging == null) {
      fit();
    }
  }

  private void dragged(MouseEvent e) {
    double dx = e.getX() - pressX;
    double dy = e.getY() - pressY;
    if (!moved && Math.hypot(dx, dy) < 4) {
      return;
    }
    moved = true;
    if (dragging != null) {
      userView = true; // arranging by hand: the picture no longer refits as it changes
      layout.pin(dragging, new Point(view.toWorldX(e.getX()) - dragOffset.x(),
          view.toWorldY(e.getY()) - dragOffset.y()));
      relayout = true;
    } else {
      // Pan by moving the drawn layers; the one redraw happens when the drag ends.
      userView = true;
      panX = dx;
      panY = dy;
      for (Canvas c : List.of(regionLayer, edgeLayer, canvas, trafficLayer)) {
        c.setTranslateX(panX);
        c.setTranslateY(panY);
      }
    }
  }

  private void released(MouseEvent e) {
    if (!moved && e.getButton() == MouseButton.PRIMARY) {
      String key = hit(e.getX(), e.getY());
      if (Grouping.isGroup(key) && grouping.cards().containsKey(key)) {
        open(key);
      } else {
        select(key);
      }
    }
    if (panX != 0 || panY != 0) {
      view.tx += panX;
      view.ty += panY;
      panX = 0;
      panY = 0;
      for (Canvas c : List.of(regionLayer, edgeLayer, canvas, trafficLayer)) {
        c.setTranslateX(0);
        c.setTranslateY(0);
      }
      if (zooming.active()) {
        zooming.stepped(view, System.nanoTime()); // the pan is in the view now
      }
      dirty = true;
    }
    dragging = null;
  }

  /**
   * Stops drawing on the FX pulse: the caller draws frames itself with {@link #redrawNow} (a
   * report's still pictures, on a clock of their own).
   */
  public void stopAnimating() {
    timer.stop();
  }

  public void dispose() {
    timer.stop();
    if (store != null) {
      store.removeListener(pending);
    }
  }
}
