package dev.switchboard.app.ui;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/**
 * The flow table's filters (a text match, "failures only"), the legend of its stage marks, and
 * any controls added after. FX thread.
 */
final class FlowFilterBar extends HBox {
  FlowFilterBar(FlowTable table, Node... more) {
    super(10);
    TextField text = new TextField();
    text.setId("flow-filter");
    text.setPromptText("Filter connections: pod, name, Service, backend, outcome");
    CheckBox failures = new CheckBox("Failures only");
    failures.setId("flow-failures");
    Runnable apply = () -> table.filter(text.getText(), failures.isSelected());
    text.textProperty().addListener((o, was, now) -> apply.run());
    failures.selectedProperty().addListener((o, was, now) -> apply.run());
    javafx.scene.control.Label legend = new javafx.scene.control.Label(
        dev.switchboard.app.ui.theme.EvidenceMarks.LEGEND);
    legend.setId("stage-legend");
    legend.getStyleClass().add(dev.switchboard.app.ui.theme.StyleClasses.MUTED);
    legend.setTooltip(new javafx.scene.control.Tooltip(
        dev.switchboard.app.ui.theme.EvidenceMarks.ORDER + "\n"
        + dev.switchboard.app.ui.theme.EvidenceMarks.LEGEND));
    legend.setMinWidth(0);
    text.setMinWidth(160);
    failures.setMinWidth(javafx.scene.control.CheckBox.USE_PREF_SIZE);
    HBox.setHgrow(text, Priority.ALWAYS);
    setAlignment(Pos.CENTER_LEFT);
    setPadding(new Insets(4, 6, 4, 6));
    getChildren().addAll(text, failures, legend);
    getChildren().addAll(more);
  }
}
