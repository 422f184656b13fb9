package dev.switchboard.app.ui.session;

import dev.switchboard.app.cli.Cli;
import dev.switchboard.app.export.ExportException;
import dev.switchboard.app.export.ExportRange;
import dev.switchboard.app.export.PcapngExport;
import dev.switchboard.app.export.ReportExport;
import dev.switchboard.app.session.SessionIndex;
import dev.switchboard.app.session.SessionPlayer;
import dev.switchboard.app.session.SessionTime;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.ui.report.OffscreenPictures;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.stage.FileChooser;

/**
 * The session's exports in the window: its packets as pcapng (the whole session, a stretch of
 * the timeline, or the selected connection) and a walkthrough of its bookmarks (HTML or
 * Markdown). Dialogs on the FX thread; each export runs on its own thread and says how it went
 * in the status line.
 */
public final class SessionExports {
  private static final long AROUND_NANOS = 5_000_000_000L;

  private final SessionIndex index;
  private final SessionPlayer player;
  private final SessionPane.Host host;
  private final Node owner;

  SessionExports(SessionPlayer player, SessionPane.Host host, Node owner) {
    this.index = player.index();
    this.player = player;
    this.host = host;
    this.owner = owner;
  }

  MenuButton button() {
    MenuItem packets = new MenuItem("Export packets (pcapng)…");
    packets.setId("export-packets");
    packets.setOnAction(e -> choosePackets());
    MenuItem walkthrough = new MenuItem("Export walkthrough (HTML or Markdown)…");
    walkthrough.setId("export-walkthrough");
    walkthrough.setOnAction(e -> chooseWalkthrough());
    MenuButton b = new MenuButton("Export", null, packets, walkthrough);
    b.setId("export-menu");
    b.setTooltip(new Tooltip("The packets for Wireshark, with the cluster's names and a trace on"
        + " each; a walkthrough of the bookmarks to read without Switchboard"));
    b.setFocusTraversable(false);
    return b;
  }

  private void choosePackets() {
    Optional<ExportRange> range = rangeDialog().showAndWait();
    if (range.isEmpty()) {
      return;
    }
    File f = saveAs("Export packets", "pcapng", new FileChooser.ExtensionFilter(
        "pcapng (Wireshark)", "*.pcapng"));
    if (f != null) {
      packets(f.toPath(), range.get());
    }
  }

  private void chooseWalkthrough() {
    File f = saveAs("Export walkthrough", "html", new FileChooser.ExtensionFilter(
        "HTML page", "*.html"), new FileChooser.ExtensionFilter("Markdown", "*.md"));
    if (f != null) {
      walkthrough(f.toPath());
    }
  }

  private File saveAs(String title, String extension, FileChooser.ExtensionFilter... filters) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle(title);
    chooser.getExtensionFilters().setAll(filters);
    String stem = index.path().getFileName().toString().replaceFirst("\\.sbsession$", "");
    chooser.setInitialFileName(stem + "." + extension);
    Path dir = index.path().toAbsolutePath().getParent();
    if (dir != null) {
      chooser.setInitialDirectory(dir.toFile());
    }
    return chooser.showSaveDialog(owner.getScene().getWindow());
  }

  /** The whole session, a stretch around the playhead, or the selected connection. */
  private Dialog<ExportRange> rangeDialog() {
    ToggleGroup choice = new ToggleGroup();
    RadioButton whole = new RadioButton("The whole session");
    RadioButton stretch = new RadioButton("From");
    ConnectionTrace selected = host.selected();
    RadioButton one = new RadioButton(selected == null ? "The selected connection (none is)"
        : "The connection " + selected.id());
    one.setDisable(selected == null);
    for (RadioButton r : new RadioButton[] {whole, stretch, one}) {
      r.setToggleGroup(choice);
    }
    whole.setSelected(true);
    long zero = index.startNanos();
    long at = player.playhead();
    TextField from = new TextField(SessionTime.offset(Math.max(zero, at - AROUND_NANOS) - zero));
    TextField to = new TextField(SessionTime.offset(Math.min(index.endNanos(), at + AROUND_NANOS)
        - zero));
    from.setPrefColumnCount(8);
    to.setPrefColumnCount(8);
    from.setOnKeyTyped(e -> stretch.setSelected(true));
    to.setOnKeyTyped(e -> stretch.setSelected(true));
    GridPane grid = new GridPane();
    grid.setHgap(8);
    grid.setVgap(8);
    grid.setPadding(new Insets(12));
    grid.addRow(0, whole);
    grid.addRow(1, stretch, from, new Label("to"), to);
    grid.addRow(2, one);
    Dialog<ExportRange> d = new Dialog<>();
    d.setTitle("Export packets");
    d.setHeaderText("Which packets? Times are offsets on the timeline (m:ss.mmm).");
    d.getDialogPane().setContent(grid);
    d.getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
    d.initOwner(owner.getScene().getWindow());
    d.setResultConverter(b -> {
      if (b != ButtonType.OK) {
        return null;
      }
      if (one.isSelected()) {
        return new ExportRange(null, null, Set.of(selected.id()));
      }
      if (stretch.isSelected()) {
        ExportRange.Bound a = ExportRange.Bound.parse(from.getText());
        ExportRange.Bound z = ExportRange.Bound.parse(to.getText());
        if (a == null || z == null) {
          host.notice("Not an offset on the timeline: " + (a == null ? from : to).getText()
              + " (e.g. 0:07.250)");
          return null;
        }
        return new ExportRange(a, z, Set.of());
      }
      return ExportRange.ALL;
    });
    return d;
  }

  /** Writes the packets on a thread of their own; the status line says how it went. */
  public CompletableFuture<String> packets(Path out, ExportRange range) {
    return run("export-packets", () -> {
      PcapngExport.Result r = PcapngExport.write(index.path(), out, range, Cli.APP);
      return String.format("Exported %,d packets (%,d names, %d interfaces) to %s%s",
          r.packets(), r.names(), r.interfaces(), out,
          r.damage() == null ? "" : " (the session is damaged: its good part)");
    });
  }

  /** Writes the walkthrough (pictures drawn off screen) on a thread of its own. */
  public CompletableFuture<String> walkthrough(Path out) {
    return run("export-walkthrough", () -> {
      try (OffscreenPictures pictures = OffscreenPictures.open(index.path())) {
        ReportExport.Result r = ReportExport.write(index.path(), out, pictures, Cli.APP);
        return "Exported a walkthrough of " + ReportExport.bookmarks(r.sections()) + " to " + out;
      }
    });
  }

  private interface Export {
    String run() throws ExportException;
  }

  private CompletableFuture<String> run(String name, Export export) {
    CompletableFuture<String> done = new CompletableFuture<>();
    host.notice("Exporting to a file…");
    Thread t = new Thread(() -> {
      String said;
      try {
        said = export.run();
      } catch (ExportException e) {
        said = "Not exported: " + e.getMessage();
      } catch (RuntimeException bug) {
        said = "Not exported: " + bug;
      }
      String message = said;
      Platform.runLater(() -> host.notice(message));
      done.complete(message);
    }, name);
    t.setDaemon(true);
    t.start();
    return done;
  }
}
