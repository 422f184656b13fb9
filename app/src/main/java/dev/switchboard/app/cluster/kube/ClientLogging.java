package dev.switchboard.app.cluster.kube;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * client-java logs every list/watch start at INFO and a stack trace at SEVERE each time an
 * informer is stopped (its threads are interrupted by design). We report connection state
 * ourselves, so keep its warnings and silence the rest. Any thread; idempotent.
 */
final class ClientLogging {
  /** Held so the configured loggers are not collected (java.util.logging keeps weak refs). */
  private static final List<Logger> CONFIGURED = List.of(
      level("io.kubernetes.client", Level.WARNING),
      level("io.kubernetes.client.informer.cache.ProcessorListener", Level.OFF),
      level("io.kubernetes.client.informer.cache.Controller", Level.OFF),
      level("io.kubernetes.client.informer.cache.DeltaFIFO", Level.OFF));

  private ClientLogging() {}

  static void quiet() {
    if (CONFIGURED.isEmpty()) {
      throw new IllegalStateException();
    }
  }

  private static Logger level(String name, Level level) {
    Logger l = Logger.getLogger(name);
    l.setLevel(level);
    return l;
  }
}
