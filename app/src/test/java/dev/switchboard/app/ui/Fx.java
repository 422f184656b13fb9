package dev.switchboard.app.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.testfx.util.WaitForAsyncUtils;

/** Runs a read on the FX thread and waits for its answer (scene state belongs to that thread). */
final class Fx {
  private Fx() {}

  static <T> T call(Callable<T> read) {
    try {
      return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("FX read failed", e);
    }
  }

  /** Runs an action on the FX thread and waits for it. */
  static void run(Runnable action) {
    call(() -> {
      action.run();
      return null;
    });
  }
}
