package dev.switchboard.app.ui;

import dev.switchboard.app.trace.TraceText;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.Diagnostic;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.trace.DecisionStage;
import dev.switchboard.app.trace.Peer;
import dev.switchboard.capture.event.ServiceRule;
import java.util.Locale;
import java.util.Map;
import dev.switchboard.app.ui.graph.CardText;
import dev.switchboard.app.ui.graph.GroupCard;
import dev.switchboard.app.ui.graph.SceneElement;
import dev.switchboard.app.ui.theme.StyleClasses;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.VBox;

/** Details of the selected Service, pod or address, with the Service's diagnostics. FX thread. */
final class InspectorPane extends ScrollPane {
  private final Label title = new Label("Nothing selected");
  private final Label body = new Label("Click a Service or a pod in the picture.");
  private final VBox diagnostics = new VBox(6);
  /** The heading of the connection's rule rows, when shown. */
  private Label rulesHead;

  InspectorPane() {
    VBox box = new VBox(8, title, body, diagnostics);
    box.getStyleClass().add(StyleClasses.SIDE_PANE);
    title.getStyleClass().add(StyleClasses.PANE_TITLE);
    title.setId("inspector-title");
    title.setWrapText(true);
    body.getStyleClass().add(StyleClasses.INSPECTOR_TEXT);
    body.setId("inspector-body");
    diagnostics.setId("inspector-diagnostics");
    setContent(box);
    setFitToWidth(true);
    setPrefWidth(340);
  }

  /** What the inspector shows, in a line ("Connection …", "Service …", "Nothing selected"). */
  String titleText() {
    return title.getText();
  }

  /**
   * The connection inspector: the trace stage by stage, then why this backend — the node's
   * rule rows for the Service with the one taken marked, each row's chance against how often
   * this window saw it taken.
   */
  void showTrace(ConnectionTrace t, Map<String, Integer> seen, ClusterStore store) {
    showTrace(t, seen, store, 0);
  }

  /** The same, with stage {@code stage} (1 DNS … 5 outcome) marked; 0 marks none. */
  void showTrace(ConnectionTrace t, Map<String, Integer> seen, ClusterStore store, int stage) {
    diagnostics.getChildren().clear();
    rulesHead = null;
    setVvalue(0);
    title.setText("Connection " + TraceText.client(t) + " → " + TraceText.service(t) + " → "
        + TraceText.backend(t));
    body.setText(TraceText.story(t, stage));
    if (t.decision() == null || t.decision().table().isEmpty()) {
      return;
    }
    Label head = new Label("Why this backend: " + t.decision().mode() + " rules on "
        + t.nodes().get(0) + " (chance · seen here)");
    head.getStyleClass().add(StyleClasses.PANE_TITLE);
    head.setWrapText(true);
    diagnostics.getChildren().add(head);
    rulesHead = head;
    int total = seen.values().stream().mapToInt(Integer::intValue).sum();
    Peer chosen = t.backend().target();
    long atMillis = t.startedAtNanos() / 1_000_000L;
    for (ServiceRule.Backend row : t.decision().table()) {
      String address = row.ip() + ":" + row.port();
      PodInfo pod = store.read(i -> i.podByIp(row.ip(), atMillis));
      int n = seen.getOrDefault(address, 0);
      boolean taken = chosen != null && chosen.ip().equals(row.ip()) && chosen.port() == row.port();
      boolean open = !t.decision().localOnly() || row.local();
      Label l = new Label(String.format(Locale.ROOT, "%s %s%s — %s · seen %d of %d",
          taken ? "▶" : "  ", pod == null ? "" : pod.name() + " ", address,
          open ? DecisionStage.percent(t.decision().chanceOf(row))
              : "not on this node: not for outside traffic", n, total));
      l.setWrapText(true);
      l.setId(taken ? "rule-row-chosen" : null);
      l.getStyleClass().add(taken ? StyleClasses.RULE_ROW_CHOSEN : StyleClasses.RULE_ROW);
      l.setTooltip(new javafx.scene.control.Tooltip(row.rule()));
      diagnostics.getChildren().add(l);
    }
  }

  /**
   * Scrolls the node's rule rows for the connection shown into view (a lesson's "rules"): from
   * their heading, or as far down as the row taken needs.
   */
  void scrollToRules() {
    if (rulesHead == null || getContent() == null) {
      return;
    }
    applyCss();
    layout();
    double content = getContent().getLayoutBounds().getHeight();
    double view = getViewportBounds().getHeight();
    if (content <= view) {
      return;
    }
    javafx.scene.Node taken = lookup("#rule-row-chosen");
    double top = yOf(rulesHead);
    if (taken != null) {
      double bottom = yOf(taken) + taken.getLayoutBounds().getHeight();
      top = Math.max(top, bottom - view);
    }
    setVvalue(Math.min(1, top / (content - view)));
  }

  private double yOf(javafx.scene.Node n) {
    return n.localToScene(0, 0).getY() - getContent().localToScene(0, 0).getY();
  }

  /** A collapsed namespace or workload: its counts, as its card has them. */
  void showGroup(GroupCard c) {
    diagnostics.getChildren().clear();
    rulesHead = null;
    title.setText(CardText.groupName(c) + " (collapsed)");
    body.setText(CardText.inspected(c));
  }

  void show(SceneElement e, ClusterStore store) {
    diagnostics.getChildren().clear();
    rulesHead = null;
    if (e == null) {
      title.setText("Nothing selected");
      body.setText("Click a Service or a pod in the picture.");
      return;
    }
    switch (e.kind()) {
      case SERVICE -> {
        title.setText("Service " + e.service().namespace() + "/" + e.service().name() + " ("
            + (e.service().headless() ? "headless" : e.service().type().apiName()) + ")");
        body.setText(store.read(i -> InspectorText.service(e.service(), i, e.resolvedTargets())));
        for (Diagnostic d : e.diagnostics()) {
          Label l = new Label(d.message());
          l.setWrapText(true);
          l.getStyleClass().add(switch (d.severity()) {
            case ERROR -> StyleClasses.DIAGNOSTIC_ERROR;
            case WARNING -> StyleClasses.DIAGNOSTIC_WARNING;
            case INFO -> StyleClasses.DIAGNOSTIC_INFO;
          });
          diagnostics.getChildren().add(l);
        }
      }
      case POD -> {
        title.setText("Pod " + e.pod().namespace() + "/" + e.pod().name());
        body.setText(store.read(i -> InspectorText.pod(e.pod(), i)));
      }
      case ADDRESS -> {
        title.setText("Address " + e.address());
        body.setText(store.read(i -> InspectorText.address(e.address(), i)));
      }
      default -> throw new IllegalStateException();
    }
  }
}
