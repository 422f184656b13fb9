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
  private final FlowTable flows;
  private final Label linkState = new Label();
  private boolean feedStarted;
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
    this.stage = stage;
    this.env = env;
    this.connection = new ClusterConnection(env);
    this.diagnostics = new DiagnosticsPane(graph::select);

    bannerBox.getStyleClass().add(StyleClasses.BANNER);
    bannerBox.setVisible(false);
    bannerBox.setManaged(false);
    banner.setId("failure-banner");
    banner.setWrapText(true);
    StackPane center = new StackPane(graph, bannerBox);
    StackPane.setAlignment(bannerBox, Pos.TOP_CENTER);
    bannerBox.setMaxHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

    flows = !config.followsTraffic() ? null : new FlowTable(this::showTrace);
    javafx.scene.Node middle = center;
    if (flows != null) {
      javafx.scene.layout.VBox table = new javafx.scene.layout.VBox(new FlowFilterBar(flows, pace()), flows);
      javafx.scene.layout.VBox.setVgrow(flows, javafx.scene.layout.Priority.ALWAYS);
      SplitPane vertical = new SplitPane(center, table);
      vertical.setOrientation(javafx.geometry.Orientation.VERTICAL);
      vertical.setDividerPositions(0.7);
      middle = vertical;
    }
    split = new SplitPane(diagnostics, middle, inspector);
    split.setDividerPositions(0.17, 0.8);
    SplitPane.setResizableWithParent(diagnostics, false);
    SplitPane.setResizableWithParent(inspector, false);

    status.setId("status-bar");
    counts.setId("status-counts");
    linkState.setId("status-links");
    status.getRightItems().addAll(linkState, counts);

    BorderPane root = new BorderPane(split, toolbar(), null, status, null);
    scene = new Scene(root, 1280, 800);
    applyTheme(config.theme());

    graph.onSelection(key -> inspector.show(key == null ? null : graph.scene().element(key),
        connection.store()));
    graph.onPulse(this::onPulse);

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
    open(initial);
    feed = !config.followsTraffic() ? null : new TraceFeed(ClusterLookups.of(() -> shown));
    if (feed != null) {
      EventSources.of(config.sidecars(), config.captures(), feed.intake(), feed::status)
          .forEach(feed::add);
    }

    stage.setTitle("Switchboard");
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
    Button openDump = new Button("Open dump…");
    openDump.setOnAction(e -> {
      FileChooser chooser = new FileChooser();
      chooser.setTitle("Open a cluster dump (kubectl get … -o yaml)");
      File f = chooser.showOpenDialog(stage);
      if (f != null) {
        SourceChoice c = SourceChoice.dump(f.toPath());
        sources.getItems().add(c);
        sources.getSelectionModel().select(c);
      }
    });
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
    return new ToolBar(new Label("Cluster"), sources, openDump, new Separator(),
        new Label("Namespace"), namespaces, new Separator(), themes, new Separator(), fit, save,
        load, reset);
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

  /** The projector theme gives the whole width to the picture: side panes go away. */
  private void applyTheme(Theme t) {
    scene.getStylesheets().setAll(t.resource(), Theme.BASE);
    graph.theme(t);
    themes.getSelectionModel().select(t);
    boolean sidePanes = t != Theme.PROJECTOR;
    if (sidePanes && !split.getItems().contains(diagnostics)) {
      split.getItems().add(0, diagnostics);
      split.getItems().add(inspector);
      split.setDividerPositions(0.17, 0.8);
    } else if (!sidePanes) {
      split.getItems().removeAll(diagnostics, inspector);
    }
  }

  private void open(SourceChoice choice) {
    ClusterStore store = connection.open(choice);
    shown = store;
    graph.attach(store);
    if (choice.options() == null || !choice.options().live()) {
      graph.holdUntil(() -> connection.status().ready()
          || connection.status().phase() == Phase.FAILED);
    }
    inspector.show(null, store);
    lastStatus = null;
    stage.setTitle("Switchboard — " + choice.label());
  }

  private void onPulse() {
    if (feed != null && !feedStarted) {
      // Correlate once the cluster is known, so traces name pods and Services from the start;
      // a cluster that cannot be read still lets connections through, by address.
      SourceStatus s = connection.status();
      if (s.ready() || s.phase() == Phase.FAILED) {
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
    long now = System.nanoTime();
    if (now - lastSideRefresh < SIDE_REFRESH_NS) {
      return;
    }
    lastSideRefresh = now;
    showStatus(connection.status());
    String ns = namespaces.getValue() == null || namespaces.getValue().equals(ALL_NAMESPACES) ? null
        : namespaces.getValue();
    diagnostics.refresh(graph.scene(), ns);
    refreshNamespaces();
    String key = graph.selected();
    if (key != null) {
      inspector.show(graph.scene().element(key), connection.store());
    }
    int[] c = connection.store().read(i -> new int[] {i.nodes().size(), i.pods().size(),
        i.services().size()});
    if (feed != null) {
      linkState.setText(linkSummary());
    }
    counts.setText(c[0] + " nodes · " + c[1] + " pods · " + c[2] + " services · frame p95 "
        + String.format("%.1f", graph.stats().percentileMs(95)) + " ms");
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

  private void refreshNamespaces() {
    TreeSet<String> names = connection.store().read(i -> {
      TreeSet<String> set = new TreeSet<>();
      i.namespaces().stream().map(NamespaceInfo::name).forEach(set::add);
      i.pods().stream().map(PodInfo::namespace).forEach(set::add);
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
    if (t != null) {
      inspector.showTrace(t, tally.of(t), connection.store());
      graph.fly(t);
    }
  }

  /** Per sidecar: streaming or why not; then traces and every loss, so gaps are never silent. */
  private String linkSummary() {
    StringBuilder s = new StringBuilder();
    for (LinkStatus l : feed.links().values()) {
      s.append(l.node() != null ? l.node() : l.url()).append(": ")
          .append(l.state() == LinkStatus.LinkState.STREAMING && l.url().startsWith("http")
              ? "live" : l.message()).append(" · ");
    }
    Map<String, Long> stats = feed.stats();
    s.append(stats.getOrDefault("traces", 0L)).append(" connections");
    long lost = stats.entrySet().stream().filter(e -> e.getKey().startsWith("lost "))
        .mapToLong(Map.Entry::getValue).sum() + stats.getOrDefault("undrawn", 0L);
    if (lost > 0) {
      s.append(" · ").append(lost).append(" lost");
    }
    return s.append(" · ").toString();
  }

  FlowTable flowTable() {
    return flows;
  }

  public GraphView graph() {
    return graph;
  }

  DiagnosticsPane diagnosticsPane() {
    return diagnostics;
  }

  public void show() {
    stage.sizeToScene();
    stage.show();
  }

  public void close() {
    if (feed != null) {
      feed.close();
    }
    graph.dispose();
    connection.close();
  }

}
