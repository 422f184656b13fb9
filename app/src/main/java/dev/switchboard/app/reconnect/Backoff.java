package dev.switchboard.app.reconnect;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect delay: 0.5 s doubling to 30 s, plus up to 25 % jitter so that many
 * informers (or links to sidecars) do not hammer a restarting server in step. Pure; any thread.
 */
public final class Backoff {
  public static final long START_MS = 500;
  public static final long MAX_MS = 30_000;

  private Backoff() {}

  /** Base delay before attempt {@code failures + 1}, without jitter. */
  public static long base(int failures) {
    if (failures <= 0) {
      return 0;
    }
    return Math.min(MAX_MS, START_MS << Math.min(failures - 1, 16));
  }

  public static long withJitter(int failures) {
    long base = base(failures);
    return base + ThreadLocalRandom.current().nextLong(base / 4 + 1);
  }
}
