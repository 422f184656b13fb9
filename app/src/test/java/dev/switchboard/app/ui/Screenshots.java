package dev.switchboard.app.ui;

import dev.switchboard.app.ui.report.Png;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.image.Image;
import javafx.scene.image.WritableImage;

/** Saves snapshots of real windows under target/screenshots, for people to look at. */
final class Screenshots {
  static final Path DIR = Path.of("target", "screenshots");

  private Screenshots() {}

  /** Snapshots a node; call on the FX thread. */
  static Path save(Node node, String name) {
    WritableImage image = node.snapshot(null, null);
    return write(image, name);
  }

  static Path write(Image image, String name) {
    try {
      Files.createDirectories(DIR);
      return Files.write(DIR.resolve(name + ".png"), Png.of(image));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
