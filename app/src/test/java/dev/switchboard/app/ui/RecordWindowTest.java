package dev.switchboard.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cli.SidecarOptions;
import dev.switchboard.app.cli.SourceOptions;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.link.SidecarProcess;
import dev.switchboard.app.session.SessionReader;
import dev.switchboard.app.session.SessionReplay;
import dev.switchboard.app.trace.ClusterLookups;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.trace.Correlator;
import dev.switchboard.app.ui.theme.Theme;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Record in a live window: a real sidecar replays the real-lab-1 capture, the window follows it
 * and records; the file, valid while the recording runs, replays to the connections the window
 * listed.
 */
@ExtendWith(ApplicationExtension.class)
class RecordWindowTest {
  private SidecarProcess sidecar;
  private MainWindow window;
  private Path session;

  @Start
  void start(Stage stage) throws Exception {
    Path dir = Files.createTempDirectory("sb-record-window");
    sidecar = SidecarProcess.start(dir, SidecarProcess.freePort());
    Path dump = SidecarProcess.fixture(dir, "cluster.yaml");
    window = new MainWindow(stage, new LaunchConfig(new SourceOptions(dump, null, null, null),
        Theme.LIGHT, new SidecarOptions(List.of(sidecar.url()), SidecarProcess.TOKEN),
        List.of()), Map.of());
    session = dir.resolve("window.sbsession");
    window.startRecording(session);
    window.show();
  }

  @AfterEach
  void stop() {
    Fx.run(window::close);
    sidecar.close();
  }

  @Test
  void theRecordingReplaysToWhatTheWindowListed() throws Exception {
    MainWindowTest.waitFor("the 18 connections", 30,
        () -> Fx.call(() -> window.flowTable().getItems().size()) == 18);
    List<String> shown = Fx.call(() -> window.flowTable().getItems().stream()
        .map(ConnectionTrace::id).sorted().toList());
    List<ConnectionTrace> whileRecording = replay();
    assertTrue(whileRecording.size() <= 18, "a valid prefix while it runs");
    MainWindowTest.waitFor("the sidecar's 535 packets recorded for export", 30,
        () -> packets() == 535);
    Fx.run(window::toggleRecording);
    List<ConnectionTrace> replayed = replay();
    assertEquals(shown, replayed.stream().map(ConnectionTrace::id).sorted().toList());
  }

  /** Packet records in the session so far (it is a valid prefix at every moment). */
  private long packets() {
    long n = 0;
    try (InputStream in = Files.newInputStream(session); SessionReader r = new SessionReader(in)) {
      for (var rec = r.next(); rec != null; rec = r.next()) {
        if (rec instanceof dev.switchboard.app.session.SessionRecord.EventRecord e
            && e.event() instanceof dev.switchboard.capture.event.PacketCaptured) {
          n++;
        }
      }
    } catch (java.io.IOException | dev.switchboard.app.session.SessionFormatException e) {
      throw new java.io.UncheckedIOException(new java.io.IOException(e));
    }
    return n;
  }

  private List<ConnectionTrace> replay() throws Exception {
    List<ConnectionTrace> out = new ArrayList<>();
    ClusterStore store = new ClusterStore();
    try (InputStream in = Files.newInputStream(session)) {
      SessionReplay.Summary s = SessionReplay.run(new SessionReader(in), store,
          new Correlator(ClusterLookups.of(store), 1_000_000_000L, out::add));
      assertNull(s.damage(), "whole blocks only, whenever it is read");
    }
    return out;
  }
}
