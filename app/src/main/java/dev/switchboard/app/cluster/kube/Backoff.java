package dev.switchboard.app.cluster.kube;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect delay: 0.5 s doubling to 30 s, plus up to 25 % jitter so that many
 * informers do not hammer a restarting API server in step. Pure; any thread.
 */
final class Backoff {
  static final long START_MS = 500;
  static final long MAX_MS = 30_000;

  private Backoff() {}

  /** Base delay before attempt {@code failures + 1}, without jitter. */
  static long base(int failures) {
    if (failures <= 0) {
      return 0;
    }
    return Math.min(MAX_MS, START_MS << Math.min(failures - 1, 16));
  }

  static long withJitter(int failures) {
    long base = base(failures);
    return base + ThreadLocalRandom.current().nextLong(base / 4 + 1);
  }
}
