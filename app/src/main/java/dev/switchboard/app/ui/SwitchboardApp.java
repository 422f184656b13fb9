package dev.switchboard.app.ui;

import javafx.application.Application;
import javafx.stage.Stage;

/** The JavaFX application: builds the main window on the FX thread. */
public final class SwitchboardApp extends Application {
  private static volatile LaunchConfig config = LaunchConfig.demo();
  private MainWindow window;

  static void configure(LaunchConfig c) {
    config = c;
  }

  @Override
  public void start(Stage stage) {
    window = new MainWindow(stage, config, System.getenv());
    window.show();
  }

  @Override
  public void stop() {
    if (window != null) {
      window.close();
    }
  }
}
