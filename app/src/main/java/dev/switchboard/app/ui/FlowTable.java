package dev.switchboard.app.ui;

import dev.switchboard.app.trace.TraceText;
import dev.switchboard.app.trace.ConnectionTrace;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

/**
 * Finished connections, newest first, a row each: when, from where, which name and Service,
 * kube-proxy's chance, where it went, how it ended, and how each stage is known. Bounded: the
 * oldest rows leave. FX thread.
 */
final class FlowTable extends TableView<ConnectionTrace> {
  static final int ROWS = 5000;
  private final ObservableList<ConnectionTrace> rows = FXCollections.observableArrayList();
  private final FilteredList<ConnectionTrace> shown = new FilteredList<>(rows);

  FlowTable(Consumer<ConnectionTrace> onSelect) {
    setId("flow-table");
    setItems(shown);
    setPlaceholder(new Label("Connections appear here as the sidecars see them (or as a session"
        + " plays)."));
    getColumns().addAll(List.of(
        column("Time", 110, TraceText::time),
        column("Client", 130, TraceText::client),
        column("Name", 190, t -> t.dns() == null ? "" : t.dns().name()),
        column("Service", 140, TraceText::service),
        column("Chance", 65, TraceText::chance),
        column("Backend", 120, TraceText::backend),
        column("Outcome", 80, ConnectionTrace::outcome),
        stages()));
    setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY);
    getSelectionModel().selectedItemProperty().addListener((o, was, now) -> onSelect.accept(now));
  }

  /** DNS, Service, DNAT, backend: a mark each (the legend is beside the filter), words on hover. */
  private static TableColumn<ConnectionTrace, String> stages() {
    TableColumn<ConnectionTrace, String> c = column("", 90, TraceText::evidence);
    Label header = new Label("Stages");
    header.setTooltip(new Tooltip(dev.switchboard.app.ui.theme.EvidenceMarks.ORDER + "\n"
        + dev.switchboard.app.ui.theme.EvidenceMarks.LEGEND));
    c.setGraphic(header);
    c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
      @Override
      protected void updateItem(String marks, boolean empty) {
        super.updateItem(marks, empty);
        ConnectionTrace t = empty ? null : getTableRow() == null ? null : getTableRow().getItem();
        setText(empty ? null : marks);
        setTooltip(t == null ? null : new Tooltip(TraceText.evidenceWords(t)));
      }
    });
    return c;
  }

  private static TableColumn<ConnectionTrace, String> column(String title, double width,
      Function<ConnectionTrace, String> text) {
    TableColumn<ConnectionTrace, String> c = new TableColumn<>(title);
    c.setPrefWidth(width);
    c.setSortable(false);
    c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(text.apply(cell.getValue())));
    return c;
  }

  /**
   * Shows only rows whose client, name, Service, backend or outcome contain {@code text}
   * (any case), and with {@code failuresOnly} only connections that did not close normally.
   */
  void filter(String text, boolean failuresOnly) {
    String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    shown.setPredicate(t -> (!failuresOnly || !t.outcome().equals("closed"))
        && (needle.isEmpty() || (TraceText.client(t) + " " + (t.dns() == null ? "" : t.dns().name())
            + " " + TraceText.service(t) + " " + TraceText.backend(t) + " " + t.outcome())
            .toLowerCase(Locale.ROOT).contains(needle)));
  }

  /** Forgets every row (the timeline moved to another moment). */
  void clear() {
    rows.clear();
    waiting.clear();
  }

  /** Every connection kept, shown or filtered out, newest first. */
  List<ConnectionTrace> all() {
    return rows;
  }

  /**
   * Adds a batch (oldest first); rows reach the table at most {@link #REFRESH_NS} apart, so a
   * burst of thousands of connections a second costs the table four layouts, not sixty.
   */
  void add(List<ConnectionTrace> batch) {
    waiting.addAll(batch);
    long now = System.nanoTime();
    if (!waiting.isEmpty() && now - lastShown >= REFRESH_NS) {
      lastShown = now;
      show(waiting);
      waiting.clear();
    }
  }

  /** Rows waiting for the next refresh (they are shown by a later {@link #add}, empty or not). */
  private final List<ConnectionTrace> waiting = new java.util.ArrayList<>();
  static final long REFRESH_NS = 250_000_000L;
  private long lastShown;

  private void show(List<ConnectionTrace> batch) {
    ConnectionTrace selected = getSelectionModel().getSelectedItem();
    List<ConnectionTrace> newestFirst = new java.util.ArrayList<>(
        batch.subList(Math.max(0, batch.size() - ROWS), batch.size()));
    java.util.Collections.reverse(newestFirst);
    rows.addAll(0, newestFirst);
    if (rows.size() > ROWS) {
      rows.remove(ROWS, rows.size());
    }
    if (selected != null && rows.contains(selected)) {
      getSelectionModel().select(selected);
    }
  }
}
