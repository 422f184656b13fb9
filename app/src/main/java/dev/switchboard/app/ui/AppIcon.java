package dev.switchboard.app.ui;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;

/**
 * Switchboard's icon (assets/icons, drawn from switchboard.svg) at the sizes window managers
 * pick from for title bars, task switchers and docks. FX thread.
 */
final class AppIcon {
  private static final int[] SIZES = {16, 24, 32, 48, 64, 128, 256};

  private AppIcon() {}

  static List<Image> images() {
    List<Image> out = new ArrayList<>();
    for (int s : SIZES) {
      try (InputStream in = AppIcon.class.getResourceAsStream(
          "/dev/switchboard/assets/icons/switchboard-" + s + ".png")) {
        if (in != null) {
          out.add(new Image(in));
        }
      } catch (java.io.IOException e) {
        // a missing size leaves the others; the window still opens
      }
    }
    return out;
  }
}
