package dev.switchboard.app.ui;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.Diagnostic;
import dev.switchboard.app.trace.ConnectionTrace;
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

  /** The connection inspector: the trace stage by stage, and why this backend. */
  void showTrace(ConnectionTrace t) {
    diagnostics.getChildren().clear();
    title.setText("Connection " + TraceText.client(t) + " → " + TraceText.service(t) + " → "
        + TraceText.backend(t));
    body.setText(TraceText.story(t));
  }

  void show(SceneElement e, ClusterStore store) {
    diagnostics.getChildren().clear();
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
