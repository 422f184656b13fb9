package dev.switchboard.app.ui.report;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.export.ExportException;
import dev.switchboard.app.export.Pictures;
import dev.switchboard.app.session.ClusterChanges;
import dev.switchboard.app.session.SessionFormatException;
import dev.switchboard.app.session.SessionReader;
import dev.switchboard.app.session.SessionRecord;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.ui.graph.GraphView;
import dev.switchboard.app.ui.theme.Theme;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;

/**
 * A report's pictures, drawn by the window's own renderer off screen: the cluster as the session
 * had it at each moment (its changes applied in order, up to the moment), laid out as the window
 * lays it out, the connection of the moment held at its DNAT stage, in the light theme.
 * Moments must come in time order. The session is read on the calling thread (never the FX
 * thread: it waits for the FX thread to draw); drawing happens on the FX thread, which is
 * started if no window started it.
 */
public final class OffscreenPictures implements Pictures {
  static final int WIDTH = 1280;
  static final int HEIGHT = 800;
  /** Frames drawn, 50 ms of picture time apart: long enough for every card to appear. */
  private static final int FRAMES = 60;
  private static final long FRAME_NANOS = 50_000_000L;
  private static final long DRAW_TIMEOUT_S = 120;

  private final InputStream in;
  private final SessionReader reader;
  private final ClusterStore store = new ClusterStore();
  private SessionRecord ahead;
  private boolean ended;

  private OffscreenPictures(InputStream in, SessionReader reader) {
    this.in = in;
    this.reader = reader;
  }

  /** Opens the session for pictures; starts the FX toolkit when nothing has. */
  public static OffscreenPictures open(Path session) throws ExportException {
    startToolkit();
    try {
      InputStream in = Files.newInputStream(session);
      try {
        return new OffscreenPictures(in, new SessionReader(in));
      } catch (SessionFormatException | IOException | RuntimeException e) {
        in.close();
        throw e;
      }
    } catch (SessionFormatException | IOException e) {
      throw new ExportException("cannot read the session " + session + ": " + e.getMessage());
    }
  }

  private static void startToolkit() throws ExportException {
    try {
      Platform.startup(() -> { });
    } catch (IllegalStateException alreadyRunning) {
      // a window (or an earlier export) started it
    } catch (RuntimeException | UnsatisfiedLinkError noDisplay) {
      throw new ExportException("the report's pictures are drawn like the window, which needs a"
          + " display: run it under a desktop session or Xvfb (xvfb-run -a java -jar …): "
          + noDisplay.getMessage());
    }
    Platform.setImplicitExit(false);
  }

  @Override
  public byte[] at(long nanos, ConnectionTrace focus) throws ExportException {
    advanceTo(nanos);
    CompletableFuture<byte[]> png = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        png.complete(draw(focus));
      } catch (RuntimeException | IOException e) {
        png.completeExceptionally(e);
      }
    });
    try {
      return png.get(DRAW_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExportException("stopped while drawing the pictures");
    } catch (ExecutionException | TimeoutException e) {
      throw new ExportException("the picture at " + nanos + " could not be drawn: "
          + (e.getCause() == null ? e : e.getCause()));
    }
  }

  /** Applies the session's cluster changes up to {@code nanos} (in the recorded order). */
  private void advanceTo(long nanos) throws ExportException {
    try {
      while (!ended) {
        SessionRecord r = ahead != null ? ahead : reader.next();
        ahead = null;
        if (r == null) {
          ended = true;
        } else if (r instanceof SessionRecord.ClusterChange c) {
          if (!c.initial() && c.timestampNanos() > nanos) {
            ahead = r;
            return;
          }
          ClusterChanges.apply(c, store);
        }
      }
    } catch (IOException e) {
      throw new ExportException("cannot read the session: " + e.getMessage());
    }
  }

  /** FX thread: a fresh picture of the store, drawn frame by frame, as a PNG. */
  private byte[] draw(ConnectionTrace focus) throws IOException {
    GraphView graph = new GraphView();
    graph.stopAnimating();
    graph.theme(Theme.LIGHT);
    StackPane root = new StackPane(graph);
    Scene scene = new Scene(root, WIDTH, HEIGHT);
    scene.getStylesheets().setAll(Theme.LIGHT.resource(), Theme.BASE);
    graph.attach(store);
    root.applyCss();
    root.layout();
    long now = System.nanoTime();
    for (int i = 0; i < FRAMES; i++) {
      graph.redrawNow(now += FRAME_NANOS);
      if (i == FRAMES / 2 && focus != null) {
        graph.focus(focus, 3);
      }
    }
    WritableImage image = root.snapshot(null, null);
    graph.dispose();
    return Png.of(image);
  }

  @Override
  public void close() {
    try {
      reader.close();
      in.close();
    } catch (IOException e) {
      // read-only: nothing to lose
    }
  }
}
