package dev.switchboard.app.ui;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.link.LinkStatus;
import dev.switchboard.app.cli.EventSources;
import dev.switchboard.app.trace.ClusterLookups;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.trace.TraceFeed;
import dev.switchboard.app.cluster.NamespaceInfo;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.ServiceInfo;
import dev.switchboard.app.cluster.SourceStatus;
import dev.switchboard.app.cluster.SourceStatus.Phase;
import dev.switchboard.app.cluster.kube.KubeTarget;
import dev.switchboard.app.cluster.kube.KubeconfigException;
import dev.switchboard.app.cluster.kube.KubeconfigResolver;
import dev.switchboard.app.ui.graph.GraphView;
import dev.switchboard.app.ui.graph.GroupCard;
import dev.switchboard.app.ui.graph.Grouping;
import dev.switchboard.app.ui.theme.StyleClasses;
import dev.switchboard.app.ui.theme.Theme;
import dev.switchboard.layouts.LayoutFile;
import dev.switchboard.layouts.LayoutFormatException;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;

/**
 * The main window: toolbar (cluster picker, namespace, theme, layout actions), diagnostics on the
 * left, the picture in the middle, the inspector on the right, sync status at the bottom. Status
 * and side panes refresh on the graph's pulse, throttled. FX thread.
 */
public final class MainWindow {
  private static final String ALL_NAMESPACES = "All namespaces";
  private static final String PACE_REAL = "Real pace";
  private static final String PACE_SLOW = "Slow motion (¼)";
  private static final String PACE_PAUSED = "Paused";
  private static final long SIDE_REFRESH_NS = 250_000_000L;

  private final Stage stage;
  private final Map<String, String> env;
  private final ClusterConnection connection;
  private final GraphView graph = new GraphView();
  private final InspectorPane inspector = new InspectorPane();
  private final DiagnosticsPane diagnostics;
  private final StatusBar status = new StatusBar();
  private final Label counts = new Label();
  private final Label banner = new Label();
  private final HBox bannerBox = new HBox(banner);
  private final ComboBox<SourceChoice> sources = new ComboBox<>();
  private final ComboBox<String> namespaces = new ComboBox<>();
  private final ComboBox<Theme> themes = new ComboBox<>();
  private final Scene scene;
  private final SplitPane split;
  private long lastSideRefresh;
  private SourceStatus lastStatus;
  private volatile ClusterStore shown;
  private final TraceFeed feed;
  private FlowTable flows;
  private final StackPane center;
  private final javafx.scene.layout.VBox pictureBox;
  private final Label linkState = new Label();
  private boolean feedStarted;
  private SessionView session;
  /** Counts session openings, so a slow read that was overtaken is dropped. */
  private int sessionRequest;
  /** The next session opened plays at once and loops (the bundled demo). */
  private boolean autoplay;
  private dev.switchboard.app.session.SessionRecorder recorder;
  private List<dev.switchboard.app.link.EventSource> recordedPackets = List.of();
  private final LaunchConfig config;
  private final Button record = new Button("● Record");
  /** The lesson taught, or null; its pane and the inspector share the right-hand column. */
  private LessonView lesson;
  private final SplitPane lessonSide = new SplitPane();
  /** The picture above the flow table, once traffic is shown. */
  private SplitPane pictureAndTable;
  private final KeyHints hints = new KeyHints();
  private final TextSize textSize = new TextSize();
  private final BackendTally tally = new BackendTally();
  /** Ids of connections drawn while under way, awaiting their finished trace (bounded). */
  private final java.util.Set<String> flown = java.util.Collections.newSetFromMap(
      new java.util.LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > 10_000;
        }
      });

  public MainWindow(Stage stage, LaunchConfig config, Map<String, String> env) {
    this.config = config;
    this.stage = stage;
    this.env = env;
    this.connection = new ClusterConnection(env);
    this.diagnostics = new DiagnosticsPane(graph::select);

    bannerBox.getStyleClass().add(StyleClasses.BANNER);
    bannerBox.setVisible(false);
    bannerBox.setManaged(false);
    banner.setId("failure-banner");
    banner.setWrapText(true);
    center = new StackPane(graph, bannerBox);
    StackPane.setAlignment(bannerBox, Pos.TOP_CENTER);
    bannerBox.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    pictureBox = new javafx.scene.layout.VBox(center);
    javafx.scene.layout.VBox.setVgrow(center, javafx.scene.layout.Priority.ALWAYS);

    split = new SplitPane(diagnostics, pictureBox, inspector);
    split.setDividerPositions(0.17, 0.8);
    SplitPane.setResizableWithParent(diagnostics, false);
    SplitPane.setResizableWithParent(inspector, false);

    status.setId("status-bar");
    counts.setId("status-counts");
    linkState.setId("status-links");
    // the status bar cuts a long reason (a missing permission); its tooltip has all of it
    javafx.scene.control.Tooltip linkTip = new javafx.scene.control.Tooltip();
    linkTip.textProperty().bind(linkState.textProperty());
    linkTip.setWrapText(true);
    linkTip.setMaxWidth(640);
    linkState.setTooltip(linkTip);
    status.getRightItems().addAll(linkState, counts);

    lessonSide.setOrientation(javafx.geometry.Orientation.VERTICAL);
    lessonSide.setId("lesson-side");
    BorderPane root = new BorderPane(split, toolbar(), null,
        new javafx.scene.layout.VBox(hints, status), null);
    javafx.geometry.Dimension2D size = WindowFit.size(1280, 800,
        javafx.stage.Screen.getPrimary().getVisualBounds());
    scene = new Scene(root, size.getWidth(), size.getHeight());
    if (config.followsTraffic()) {
      showTraffic();
    }
    applyTheme(config.theme());
    scene.addEventFilter(javafx.scene.input.KeyEvent.KEY_PRESSED, this::key);
    scene.setOnDragOver(e -> {
      if (e.getDragboard().hasFiles()) {
        e.acceptTransferModes(javafx.scene.input.TransferMode.COPY);
      }
      e.consume();
    });
    scene.setOnDragDropped(e -> {
      boolean done = e.getDragboard().hasFiles() && !e.getDragboard().getFiles().isEmpty();
      if (done) {
        openFile(e.getDragboard().getFiles().get(0).toPath());
      }
      e.setDropCompleted(done);
      e.consume();
    });

    graph.onSelection(key -> inspect(key, connection.store()));
    graph.onPulse(this::onPulse);
    graph.onPulseStart(this::refreshSidesWhenDue);

    List<SourceChoice> choices = new ArrayList<>();
    choices.add(SourceChoice.demo());
    SourceChoice initial = choices.get(0);
    if (config.source() != null && !config.source().live()) {
      initial = SourceChoice.dump(config.source().dump());
      choices.add(initial);
    }
    List<SourceChoice> contexts = contexts(config);
    choices.addAll(contexts);
    if (config.source() != null && config.source().live()) {
      initial = contexts.stream().filter(c -> c.options().context() != null
          && c.options().context().equals(currentContextOf(config))).findFirst()
          .orElse(SourceChoice.context(String.valueOf(config.source().context()),
              config.source().kubeconfig(), config.source().namespace()));
      if (!choices.contains(initial)) {
        choices.add(initial);
      }
    }
    sources.getItems().setAll(choices);
    sources.getSelectionModel().select(initial);
    sources.valueProperty().addListener((o, was, now) -> {
      if (now != null && !now.equals(was)) {
        open(now);
      }
    });
    feed = config.sidecars() == null && config.captures().isEmpty() ? null
        : new TraceFeed(ClusterLookups.of(() -> shown));
    if (feed != null) {
      EventSources.of(config.sidecars(), config.captures(), feed.intake(), feed::status)
          .forEach(feed::add);
    }
    record.setDisable(feed == null);
    if (config.session() != null) {
      autoplay = config.autoplay();
      SourceChoice played = config.lesson() != null ? SourceChoice.lesson(config.lesson())
          : config.autoplay() ? SourceChoice.demoSession(config.session())
          : SourceChoice.session(config.session());
      sources.getItems().add(played);
      sources.getSelectionModel().select(played);
    } else {
      open(initial);
    }

    stage.setTitle("Switchboard");
    stage.getIcons().setAll(AppIcon.images());
    stage.setScene(scene);
  }

  private String currentContextOf(LaunchConfig config) {
    try {
      return new KubeconfigResolver(env).resolve(config.source().kubeconfig(),
          config.source().context()).context();
    } catch (KubeconfigException e) {
      return null;
    }
  }

  /** Every context of the user's kubeconfig; none when there is no readable kubeconfig. */
  private List<SourceChoice> contexts(LaunchConfig config) {
    java.nio.file.Path file = config.source() == null ? null : config.source().kubeconfig();
    String ns = config.source() == null ? null : config.source().namespace();
    try {
      KubeTarget t = new KubeconfigResolver(env).resolve(file, null);
      return t.contexts().stream().map(c -> SourceChoice.context(c, file, ns)).toList();
    } catch (KubeconfigException e) {
      sources.setTooltip(new Tooltip("No kubeconfig contexts: " + e.getMessage()));
      return List.of();
    }
  }

  private ToolBar toolbar() {
    sources.setId("source-picker");
    sources.setPrefWidth(260);
    themes.setTooltip(new Tooltip("Theme: light, dark, or projector (big type, no side panes)"));
    Button openFile = new Button("Open…");
    openFile.setId("open-file");
    openFile.setTooltip(new Tooltip("Open a session (.sbsession) or a cluster dump (kubectl get … -o"
        + " yaml); or drop one on the window (Ctrl+O)"));
    openFile.setOnAction(e -> chooseFile());
    record.setId("record");
    record.setTooltip(new Tooltip("Record what this window follows into a session file (Ctrl+R)"));
    record.setOnAction(e -> toggleRecording());
    namespaces.setId("namespace-picker");
    namespaces.getItems().setAll(ALL_NAMESPACES);
    namespaces.getSelectionModel().select(ALL_NAMESPACES);
    namespaces.valueProperty().addListener((o, was, now) ->
        graph.namespace(now == null || now.equals(ALL_NAMESPACES) ? null : now));
    themes.setId("theme-picker");
    themes.getItems().setAll(Theme.values());
    themes.valueProperty().addListener((o, was, now) -> {
      if (now != null && now != graph.theme()) {
        applyTheme(now);
      }
    });
    Button fit = new Button("Fit");
    fit.setOnAction(e -> graph.fit());
    Button save = new Button("Save layout…");
    save.setOnAction(e -> saveLayout());
    Button load = new Button("Open layout…");
    load.setOnAction(e -> openLayout());
    Button reset = new Button("Reset layout");
    reset.setOnAction(e -> graph.resetLayout());
    ComboBox<Grouping.Mode> groups = new ComboBox<>();
    groups.setId("grouping-picker");
    groups.setPrefWidth(130);
    groups.getItems().setAll(Grouping.Mode.values());
    groups.getSelectionModel().select(graph.grouping().mode());
    groups.setTooltip(new Tooltip("Collapse namespaces or workloads into cards with counts (Auto:"
        + " above " + Grouping.AUTO_ABOVE + " pods and Services). Click a collapsed card to open"
        + " it; C collapses the selected card's workload or namespace again"));
    groups.valueProperty().addListener((o, was, now) -> graph.grouping(now));
    return new ToolBar(new Label("Cluster"), sources, openFile, record, lessonsMenu(),
        new Separator(), new Label("Namespace"), namespaces, new Label("Group"), groups,
        new Separator(), themes,
        new Separator(), fit, save, load, reset);
  }

  /** The bundled lessons in teaching order, and a lesson file of one's own. */
  private javafx.scene.control.MenuButton lessonsMenu() {
    javafx.scene.control.MenuButton menu = new javafx.scene.control.MenuButton("Lessons");
    menu.setId("lessons-menu");
    menu.setTooltip(new Tooltip("Guided lessons on real recordings, for a class (the projector"
        + " theme reads from the back of the room)"));
    try {
      for (dev.switchboard.app.lesson.LessonCatalog.Entry e
          : dev.switchboard.app.lesson.LessonCatalog.entries()) {
        javafx.scene.control.MenuItem item = new javafx.scene.control.MenuItem(e.title());
        item.setId("lesson-" + e.name());
        item.setOnAction(a -> openLesson(e.name()));
        menu.getItems().add(item);
      }
    } catch (IOException | dev.switchboard.app.lesson.LessonFormatException e) {
      javafx.scene.control.MenuItem broken = new javafx.scene.control.MenuItem(
          "The bundled lessons cannot be read: " + e.getMessage());
      broken.setDisable(true);
      menu.getItems().add(broken);
    }
    javafx.scene.control.MenuItem own = new javafx.scene.control.MenuItem("Open a lesson file…");
    own.setOnAction(a -> {
      FileChooser chooser = new FileChooser();
      chooser.setTitle("Open a lesson");
      chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Lessons",
          "*.lesson.json"));
      File f = chooser.showOpenDialog(stage);
      if (f != null) {
        openLesson(f.getPath());
      }
    });
    menu.getItems().addAll(new javafx.scene.control.SeparatorMenuItem(), own);
    return menu;
  }

  /** A bundled lesson by name, or a lesson file: its recording plays on the timeline. */
  void openLesson(String nameOrFile) {
    try {
      SourceChoice c = SourceChoice.lesson(new dev.switchboard.app.lesson.LessonCatalog(env)
          .open(nameOrFile));
      sources.getItems().add(c);
      sources.getSelectionModel().select(c);
    } catch (IOException | dev.switchboard.app.lesson.LessonFormatException e) {
      error("Cannot open the lesson: " + e.getMessage());
    }
  }

  /** Real pace, slow motion for a class to follow each stage, or paused mid-flight. */
  private ComboBox<String> pace() {
    ComboBox<String> pace = new ComboBox<>();
    pace.setId("pace-picker");
    pace.getItems().setAll(PACE_REAL, PACE_SLOW, PACE_PAUSED);
    pace.getSelectionModel().select(PACE_REAL);
    pace.valueProperty().addListener((o, was, now) -> graph.trafficSpeed(
        PACE_SLOW.equals(now) ? 0.25 : PACE_PAUSED.equals(now) ? 0 : 1));
    return pace;
  }

  private void applyTheme(Theme t) {
    scene.getStylesheets().setAll(t.resource(), Theme.BASE);
    graph.theme(t);
    if (session != null) {
      session.pane().palette(graph.palette());
    }
    themes.getSelectionModel().select(t);
    textSize.apply(scene.getRoot(), t);
    arrange();
  }

  /**
   * The panes for the theme and what is shown: diagnostics, picture (above the flow table) and
   * inspector; the projector gives the whole width to the picture. A lesson puts its pane above
   * the inspector on the right, in every theme, and on a projector the flow table makes room.
   */
  private void arrange() {
    boolean projector = graph.theme() == Theme.PROJECTOR;
    List<javafx.scene.Node> items = new ArrayList<>();
    if (lesson == null && !projector) {
      items.add(diagnostics);
    }
    boolean table = pictureAndTable != null && !(projector && lesson != null);
    if (pictureAndTable != null) {
      if (table && pictureAndTable.getItems().get(0) != pictureBox) {
        pictureAndTable.getItems().set(0, pictureBox);
      } else if (!table) {
        pictureAndTable.getItems().set(0, new javafx.scene.layout.Pane());
      }
    }
    items.add(table ? pictureAndTable : pictureBox);
    if (lesson != null) {
      lessonSide.getItems().setAll(lesson.pane(), inspector);
      lessonSide.setDividerPositions(0.6);
      items.add(lessonSide);
    } else if (!projector) {
      lessonSide.getItems().clear();
      items.add(inspector);
    }
    if (items.equals(split.getItems())) {
      return;
    }
    split.getItems().setAll(items);
    if (items.size() == 3) {
      split.setDividerPositions(0.17, 0.8);
    } else if (items.size() == 2) {
      split.setDividerPositions(projector ? 0.58 : 0.64);
    }
  }

  private void open(SourceChoice choice) {
    if (choice.session() != null) {
      openSession(choice.session(), autoplay, choice.lesson());
      autoplay = false;
      return;
    }
    closeSession();
    ClusterStore store = connection.open(choice);
    shown = store;
    graph.attach(store);
    if (choice.options() == null || !choice.options().live()) {
      graph.holdUntil(this::connectionSettled);
    } else {
      graph.scene().diagnoseOnce(this::connectionSettled);
    }
    inspector.show(null, store);
    lastStatus = null;
    stage.setTitle("Switchboard — " + choice.label());
  }

  /** The cluster is listed, or cannot be: what waits for it can go on. */
  private boolean connectionSettled() {
    SourceStatus s = connection.status();
    return s.ready() || s.phase() == Phase.FAILED;
  }

  private void onPulse() {
    if (session != null) {
      session.pulse(flows, graph, tally, flown);
      return;
    }
    if (feed != null && !feedStarted) {
      // Correlate once the cluster is known, so traces name pods and Services from the start;
      // a cluster that cannot be read still lets connections through, by address.
      if (connectionSettled()) {
        feed.start();
        feedStarted = true;
      }
    }
    if (feed != null) {
      // One batch per frame: a burst of connections costs a few frames, never a freeze.
      // A connection flies as soon as its translation is seen; its finished trace only adds
      // the row (and flies then only if it was never seen under way).
      for (ConnectionTrace t : feed.drainUnderWay(200)) {
        graph.fly(t);
        flown.add(t.id());
      }
      List<ConnectionTrace> batch = feed.drain(200);
      for (ConnectionTrace t : batch) {
        if (!flown.remove(t.id())) {
          graph.fly(t);
        }
        tally.count(t);
      }
      flows.add(batch);
    }
  }

  /**
   * The status, the link and the side panes, every {@link #SIDE_REFRESH_NS}, at the start of a
   * pulse: the picture's updates then get what is left of their budget.
   */
  private void refreshSidesWhenDue() {
    long now = System.nanoTime();
    if (now - lastSideRefresh < SIDE_REFRESH_NS) {
      return;
    }
    lastSideRefresh = now;
    if (session != null) {
      linkState.setText(session.summary());
      refreshSides(session.store());
      return;
    }
    showStatus(connection.status());
    if (feed != null) {
      linkState.setText(linkSummary());
    }
    refreshSides(connection.store());
  }

  /** Diagnostics, namespaces, the selected element and the counts, from the store shown. */
  private void refreshSides(ClusterStore store) {
    String ns = namespaces.getValue() == null || namespaces.getValue().equals(ALL_NAMESPACES) ? null
        : namespaces.getValue();
    diagnostics.refresh(graph.scene(), ns);
    refreshNamespaces(store);
    if (graph.selected() != null) {
      inspect(graph.selected(), store);
    }
    int[] c = store.read(i -> new int[] {i.nodes().size(), i.pods().size(),
        i.services().size()});
    counts.setText(c[0] + " nodes · " + c[1] + " pods · " + c[2] + " services · frame p95 "
        + String.format("%.1f", graph.stats().percentileMs(95)) + " ms");
  }

  /** The inspector on a card: an element's, a collapsed group's, or nothing (key null). */
  private void inspect(String key, ClusterStore store) {
    GroupCard group = key == null ? null : graph.grouping().cards().get(key);
    if (group != null) {
      inspector.showGroup(group);
    } else {
      inspector.show(key == null ? null : graph.scene().element(key), store);
    }
  }

  private void showStatus(SourceStatus s) {
    if (s.equals(lastStatus)) {
      return;
    }
    lastStatus = s;
    status.setText(s.headline());
    status.setProgress(s.phase() == Phase.CONNECTING || s.phase() == Phase.SYNCING ? -1 : 0);
    status.setTooltip(s.details().isEmpty() ? null : new Tooltip(String.join("\n", s.details())));
    status.getStyleClass().removeAll(StyleClasses.STATUS_FAILED, StyleClasses.STATUS_RECONNECTING,
        StyleClasses.STATUS_OK);
    status.getStyleClass().add(s.phase() == Phase.FAILED ? StyleClasses.STATUS_FAILED
        : s.phase() == Phase.RECONNECTING ? StyleClasses.STATUS_RECONNECTING : StyleClasses.STATUS_OK);
    boolean failed = s.phase() == Phase.FAILED;
    banner.setText(failed ? s.headline() : "");
    bannerBox.setVisible(failed);
    bannerBox.setManaged(failed);
  }

  private void refreshNamespaces(ClusterStore store) {
    TreeSet<String> names = store.read(i -> {
      TreeSet<String> set = new TreeSet<>();
      i.namespaces().stream().map(NamespaceInfo::name).forEach(set::add);
      set.addAll(i.podNamespaces());
      i.services().stream().map(ServiceInfo::namespace).forEach(set::add);
      return set;
    });
    List<String> items = new ArrayList<>();
    items.add(ALL_NAMESPACES);
    items.addAll(names);
    if (!items.equals(namespaces.getItems())) {
      String keep = namespaces.getValue();
      namespaces.getItems().setAll(items);
      namespaces.getSelectionModel().select(items.contains(keep) ? keep : ALL_NAMESPACES);
    }
  }

  private void saveLayout() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Save layout");
    chooser.setInitialFileName("switchboard-layout.json");
    File f = chooser.showSaveDialog(stage);
    if (f != null) {
      try {
        LayoutFile.write(graph.saveLayout(), f.toPath());
      } catch (IOException e) {
        error("Cannot save the layout: " + e.getMessage());
      }
    }
  }

  private void openLayout() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Open layout");
    File f = chooser.showOpenDialog(stage);
    if (f != null) {
      try {
        graph.restoreLayout(LayoutFile.read(f.toPath()));
      } catch (IOException | LayoutFormatException e) {
        error(e.getMessage());
      }
    }
  }

  private void error(String message) {
    Alert a = new Alert(Alert.AlertType.ERROR, message);
    a.setHeaderText(null);
    a.initOwner(stage);
    a.show();
  }

  private void showTrace(ConnectionTrace t) {
    if (t == null) {
      return;
    }
    if (session != null) {
      session.pane().focusOn(t);
      focus(t, null);
      return;
    }
    inspector.showTrace(t, tally.of(t), connection.store());
    graph.fly(t);
  }

  /** A connection shown whole, or held at one stage while a class steps through it. */
  private void focus(ConnectionTrace t, dev.switchboard.app.ui.session.TraceStages.Stage stage) {
    if (t == null) {
      graph.focus(null, 0);
      return;
    }
    ClusterStore store = session != null ? session.store() : connection.store();
    inspector.showTrace(t, tally.of(t), store, stage == null ? 0 : stage.line());
    graph.focus(t, stage == null ? 5 : stage.line());
  }

  /** A short message in the status bar (a step with nowhere to go, a bookmark not written). */
  private void notice(String message) {
    status.setText(message);
  }

  /**
   * Window keys (Ctrl+O open, Ctrl+R record, F11 full screen, Ctrl+= / Ctrl+- / Ctrl+0 text
   * size, F fit, Z zoom to a lesson's focus, + − zoom, H key hints, C collapse), then the lesson's
   * and the timeline's, unless the user is typing (the filter) or moving in a list.
   */
  private void key(javafx.scene.input.KeyEvent e) {
    if (e.getCode() == javafx.scene.input.KeyCode.F11) {
      stage.setFullScreenExitHint("F11 or Esc leaves full screen");
      stage.setFullScreen(!stage.isFullScreen());
      e.consume();
      return;
    }
    if (e.isShortcutDown() && textSize.key(e)) {
      textSize.apply(scene.getRoot(), graph.theme());
      notice("Text size " + Math.round(textSize.factor() * 100) + " %");
      e.consume();
      return;
    }
    if (e.isShortcutDown() && e.getCode() == javafx.scene.input.KeyCode.O) {
      chooseFile();
      e.consume();
      return;
    }
    if (e.isShortcutDown() && e.getCode() == javafx.scene.input.KeyCode.R && !record.isDisabled()) {
      toggleRecording();
      e.consume();
      return;
    }
    javafx.scene.Node owner = scene.getFocusOwner();
    boolean typing = owner instanceof javafx.scene.control.TextInputControl
        || owner instanceof javafx.scene.control.ListView
        || owner instanceof javafx.scene.control.ComboBox;
    boolean tableArrows = owner instanceof javafx.scene.control.TableView
        && (e.getCode() == javafx.scene.input.KeyCode.UP
        || e.getCode() == javafx.scene.input.KeyCode.DOWN);
    if (typing || tableArrows) {
      return;
    }
    if (lesson != null && lesson.pane().key(e)) {
      e.consume();
      return;
    }
    if (!e.isShortcutDown() && !e.isAltDown() && windowKey(e.getCode())) {
      e.consume();
      return;
    }
    if (session != null && session.pane().key(e)) {
      e.consume();
    }
  }

  /** F fit, Z back to the lesson's focus, + and − zoom, H hide or show the key hints. */
  private boolean windowKey(javafx.scene.input.KeyCode code) {
    switch (code) {
      case F -> graph.fit();
      case Z -> {
        if (lesson == null) {
          return false;
        }
        lesson.zoomToFocus();
      }
      case H -> hints.toggle();
      case C -> {
        return graph.collapseSelected();
      }
      case EQUALS, PLUS, ADD -> graph.zoom(1.25);
      case MINUS, SUBTRACT -> graph.zoom(0.8);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** The flow table, its filters and (live) the pace picker under the picture, once. */
  private void showTraffic() {
    if (flows != null) {
      return;
    }
    flows = new FlowTable(this::showTrace);
    javafx.scene.layout.VBox table = new javafx.scene.layout.VBox(
        session == null ? new FlowFilterBar(flows, pace()) : new FlowFilterBar(flows), flows);
    javafx.scene.layout.VBox.setVgrow(flows, javafx.scene.layout.Priority.ALWAYS);
    int at = split.getItems().indexOf(pictureBox);
    pictureAndTable = new SplitPane(pictureBox, table);
    pictureAndTable.setOrientation(javafx.geometry.Orientation.VERTICAL);
    pictureAndTable.setDividerPositions(0.72);
    split.getItems().set(at, pictureAndTable);
    arrange();
  }

  private void chooseFile() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Open a session or a cluster dump");
    chooser.getExtensionFilters().addAll(
        new FileChooser.ExtensionFilter("Sessions and dumps", "*.sbsession", "*.yaml", "*.yml",
            "*.json"),
        new FileChooser.ExtensionFilter("All files", "*"));
    File f = chooser.showOpenDialog(stage);
    if (f != null) {
      openFile(f.toPath());
    }
  }

  /** A session (by its first bytes) plays on the timeline; anything else opens as a dump. */
  void openFile(java.nio.file.Path file) {
    SourceChoice c = dev.switchboard.app.session.SessionFiles.isSession(file)
        ? SourceChoice.session(file) : SourceChoice.dump(file);
    sources.getItems().add(c);
    sources.getSelectionModel().select(c);
  }

  /**
   * Reads the session's index off the FX thread (for a lesson, its recording's every trace too),
   * then shows it on the timeline, with the lesson beside it.
   */
  private void openSession(java.nio.file.Path file, boolean demo,
      dev.switchboard.app.lesson.Lesson taught) {
    closeSession();
    connection.close();
    bannerBox.setVisible(false);
    bannerBox.setManaged(false);
    stage.setTitle("Switchboard — " + (taught != null ? "lesson: " + taught.title()
        : "session " + file.getFileName()));
    status.setText("Reading the session " + file.getFileName() + "…");
    status.setProgress(-1);
    int request = ++sessionRequest;
    Thread reading = new Thread(() -> {
      try {
        dev.switchboard.app.lesson.LessonContext ctx = taught == null ? null
            : dev.switchboard.app.lesson.LessonContext.open(taught);
        dev.switchboard.app.session.SessionIndex index = ctx != null ? ctx.index()
            : dev.switchboard.app.session.SessionIndex.read(file);
        javafx.application.Platform.runLater(() -> {
          if (request == sessionRequest) {
            startSession(index, demo);
            if (ctx != null) {
              teach(ctx);
            }
          }
        });
      } catch (IOException | dev.switchboard.app.session.SessionFormatException e) {
        javafx.application.Platform.runLater(() -> {
          if (request == sessionRequest) {
            sessionFailed(file, e.getMessage());
          }
        });
      }
    }, "session-index");
    reading.setDaemon(true);
    reading.start();
  }

  private void startSession(dev.switchboard.app.session.SessionIndex index, boolean demo) {
    session = new SessionView(index, graph.palette(), new PlayerHost());
    showTraffic();
    pictureBox.getChildren().add(session.pane());
    graph.attach(session.store());
    graph.holdUntil(() -> !session.store().read(i -> i.services().isEmpty())
        || session.index().clusterChanges().isEmpty());
    inspector.show(null, session.store());
    status.setProgress(0);
    String damage = index.damage();
    status.setText("Session " + index.path().getFileName() + (index.start() == null ? ""
        : ": " + index.start().cluster() + ", recorded by " + index.start().app())
        + (index.ended() ? "" : " (cut: it has no end)"));
    banner.setText(damage == null ? "" : "This session is damaged: " + damage);
    bannerBox.setVisible(damage != null);
    bannerBox.setManaged(damage != null);
    hints.session(true);
    session.start(demo);
  }

  /** The lesson beside its playing recording, at its first step. */
  private void teach(dev.switchboard.app.lesson.LessonContext ctx) {
    lesson = new LessonView(ctx, session, graph, new PlayerHost());
    hints.lesson(true);
    arrange();
    lesson.pane().step(0);
  }

  /** What the session's controls and a lesson ask of the window. */
  private final class PlayerHost implements LessonView.Window {
    @Override
    public void focus(ConnectionTrace trace,
        dev.switchboard.app.ui.session.TraceStages.Stage stage) {
      MainWindow.this.focus(trace, stage);
    }

    @Override
    public void notice(String message) {
      MainWindow.this.notice(message);
    }

    @Override
    public void showRules() {
      inspector.scrollToRules();
    }

    @Override
    public ConnectionTrace selected() {
      return flows.getSelectionModel().getSelectedItem();
    }
  }

  /** The lesson shown, or null. */
  LessonView lesson() {
    return lesson;
  }

  private void sessionFailed(java.nio.file.Path file, String why) {
    status.setProgress(0);
    status.setText("Cannot open the session " + file + ": " + why);
    banner.setText("Cannot open the session " + file.getFileName() + ": " + why);
    bannerBox.setVisible(true);
    bannerBox.setManaged(true);
  }

  private void closeSession() {
    sessionRequest++;
    if (lesson != null) {
      lesson = null;
      hints.lesson(false);
      arrange();
    }
    if (session != null) {
      hints.session(false);
      pictureBox.getChildren().remove(session.pane());
      session.close();
      session = null;
      graph.focus(null, 0);
      if (flows != null) {
        flows.clear();
      }
    }
  }

  /** Starts or stops recording what the window follows; the file is valid at every moment. */
  void toggleRecording() {
    if (recorder != null) {
      recordedPackets.forEach(dev.switchboard.app.link.EventSource::close);
      recordedPackets = List.of();
      try {
        recorder.close("closed");
        notice("Recorded " + recorder.events() + " events, " + recorder.packets() + " packets and "
            + recorder.changes() + " cluster changes to " + recorder.path());
      } catch (IOException e) {
        error("The session could not be finished: " + e.getMessage());
      }
      feed.tap(null, null);
      recorder = null;
      record.setText("● Record");
      return;
    }
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Record a session");
    chooser.setInitialFileName("switchboard-" + java.time.LocalDateTime.now().format(
        java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".sbsession");
    File f = chooser.showSaveDialog(stage);
    if (f != null) {
      startRecording(f.toPath());
    }
  }

  /** Records what the window follows into {@code file} until Record is pressed again. */
  void startRecording(java.nio.file.Path file) {
    try {
      recorder = dev.switchboard.app.session.SessionRecorder.start(file,
          dev.switchboard.app.cli.Cli.APP, stage.getTitle(), feed.describe(), true);
    } catch (IOException e) {
      error("Cannot record to " + file + ": " + e.getMessage());
      return;
    }
    recorder.recordCluster(connection.store());
    feed.tap(recorder.intake(dev.switchboard.app.link.EventIntake.NOWHERE),
        recorder.links(s -> { }));
    // the sidecars' packets, for export: asked for only while recording
    if (config.sidecars() != null) {
      recordedPackets = EventSources.packetLinks(config.sidecars(),
          recorder.intake(dev.switchboard.app.link.EventIntake.NOWHERE), recorder.links(s -> { }));
      recordedPackets.forEach(dev.switchboard.app.link.EventSource::start);
    }
    record.setText("■ Stop recording");
    notice("Recording to " + file);
  }

  /** Per sidecar: streaming or why not; then traces and every loss, so gaps are never silent. */
  private String linkSummary() {
    StringBuilder s = new StringBuilder();
    for (LinkStatus l : feed.links().values()) {
      s.append(l.node() != null ? l.node() : l.url()).append(": ")
          .append(l.state() == LinkStatus.LinkState.STREAMING
              && (l.message().startsWith("streaming") || l.message().startsWith("packets from"))
              ? "live" : l.message()).append(" · ");
    }
    Map<String, Long> stats = feed.stats();
    s.append(stats.getOrDefault("traces", 0L)).append(" connections");
    long lost = stats.entrySet().stream().filter(e -> e.getKey().startsWith("lost "))
        .mapToLong(Map.Entry::getValue).sum() + stats.getOrDefault("undrawn", 0L);
    if (lost > 0) {
      s.append(" · ").append(lost).append(" lost");
    }
    // a sidecar restarted or replaced: events were missed, how many no one can say
    long gaps = stats.entrySet().stream().filter(e -> e.getKey().startsWith("lost ")
        && e.getValue() == 0).count();
    if (gaps > 0) {
      s.append(" · ").append(gaps).append(gaps == 1 ? " gap" : " gaps")
          .append(" of unknown size");
    }
    return s.append(" · ").toString();
  }

  FlowTable flowTable() {
    return flows;
  }

  /** The session shown, or null. */
  SessionView session() {
    return session;
  }

  /** The session player's correlator counters (benchmarks). */
  Map<String, Long> sessionStats() {
    return session == null ? Map.of() : session.stats();
  }

  public GraphView graph() {
    return graph;
  }

  InspectorPane inspectorPane() {
    return inspector;
  }

  String inspectorTitle() {
    return inspector.titleText();
  }

  DiagnosticsPane diagnosticsPane() {
    return diagnostics;
  }

  public void show() {
    stage.sizeToScene();
    stage.show();
    WindowFit.place(stage, javafx.stage.Screen.getPrimary().getVisualBounds());
  }

  /** Shows the window within {@code screen} (a test's 1024×768 projector). */
  void showWithin(javafx.geometry.Rectangle2D screen) {
    javafx.geometry.Dimension2D size = WindowFit.size(1280, 800, screen);
    stage.setWidth(size.getWidth());
    stage.setHeight(size.getHeight());
    stage.show();
    WindowFit.place(stage, screen);
  }

  public void close() {
    if (recorder != null) {
      toggleRecording();
    }
    closeSession();
    if (feed != null) {
      feed.close();
    }
    graph.dispose();
    connection.close();
  }

}
