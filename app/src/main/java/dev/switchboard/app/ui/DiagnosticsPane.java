package dev.switchboard.app.ui;

import dev.switchboard.app.cluster.Diagnostic;
import dev.switchboard.app.ui.graph.ClusterScene;
import dev.switchboard.app.ui.graph.SceneElement;
import dev.switchboard.app.ui.theme.StyleClasses;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.VBox;

/** Every diagnostic in view, errors first; clicking one selects its Service. FX thread. */
final class DiagnosticsPane extends VBox {
  static final String NO_PROBLEMS = "No problems found";
  static final String NOT_YET = "Diagnosed once the whole cluster is listed";

  /** One line of the list. */
  record Row(String serviceKey, String service, Diagnostic diagnostic) {
    @Override
    public String toString() {
      return service + ": " + diagnostic.message();
    }
  }

  private final ListView<Row> list = new ListView<>();
  private List<Row> shown = List.of();
  private final Label placeholder = new Label(NO_PROBLEMS);
  /** What the list was made from: it is made again only when one of them changed. */
  private ClusterScene shownScene;
  private long shownVersion;
  private String shownNamespace;
  private boolean shownListed;

  DiagnosticsPane(Consumer<String> select) {
    Label title = new Label("Diagnostics");
    title.getStyleClass().add(StyleClasses.PANE_TITLE);
    getStyleClass().add(StyleClasses.SIDE_PANE);
    list.setId("diagnostics-list");
    placeholder.setWrapText(true);
    placeholder.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
    placeholder.setPadding(new javafx.geometry.Insets(0, 12, 0, 12));
    list.setPlaceholder(placeholder);
    list.setCellFactory(v -> new ListCell<>() {
      @Override
      protected void updateItem(Row row, boolean empty) {
        super.updateItem(row, empty);
        getStyleClass().removeAll(StyleClasses.DIAGNOSTIC_ERROR, StyleClasses.DIAGNOSTIC_WARNING,
            StyleClasses.DIAGNOSTIC_INFO);
        setWrapText(true);
        setPrefWidth(0);
        if (empty || row == null) {
          setText(null);
          return;
        }
        setText(row.toString());
        getStyleClass().add(switch (row.diagnostic().severity()) {
          case ERROR -> StyleClasses.DIAGNOSTIC_ERROR;
          case WARNING -> StyleClasses.DIAGNOSTIC_WARNING;
          case INFO -> StyleClasses.DIAGNOSTIC_INFO;
        });
      }
    });
    list.getSelectionModel().selectedItemProperty().addListener((o, was, row) -> {
      if (row != null) {
        select.accept(row.serviceKey());
      }
    });
    getChildren().addAll(title, list);
    VBox.setVgrow(list, javafx.scene.layout.Priority.ALWAYS);
    setPrefWidth(320);
  }

  void refresh(ClusterScene scene, String namespace) {
    // walking 10,000 Services' diagnostics every refresh took a sixth of the FX thread in a
    // 150,000-pod sync
    boolean listed = scene.listed();
    if (scene == shownScene && scene.diagnosticsVersion() == shownVersion
        && java.util.Objects.equals(namespace, shownNamespace) && listed == shownListed) {
      return;
    }
    shownScene = scene;
    shownVersion = scene.diagnosticsVersion();
    shownNamespace = namespace;
    shownListed = listed;
    placeholder.setText(listed ? NO_PROBLEMS : NOT_YET);
    List<Row> rows = new ArrayList<>();
    for (SceneElement e : scene.services()) {
      if (e.removing()
          || (namespace != null && !namespace.equals(e.namespace()))) {
        continue;
      }
      for (Diagnostic d : e.diagnostics()) {
        rows.add(new Row(e.key(), e.service().namespace() + "/" + e.service().name(), d));
      }
    }
    rows.sort(Comparator.comparing((Row r) -> r.diagnostic().severity()).thenComparing(Row::service)
        .thenComparing(r -> r.diagnostic().code()));
    if (!rows.equals(shown)) {
      shown = rows;
      list.getItems().setAll(rows);
    }
  }

  List<Row> rows() {
    return shown;
  }
}
