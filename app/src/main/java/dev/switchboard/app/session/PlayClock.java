package dev.switchboard.app.session;

/**
 * Session time for a player: frozen while paused, moving at {@code speed} times the wall clock
 * while playing. Thread-safe (the FX thread sets it, the player thread reads it).
 */
final class PlayClock {
  private long anchorSession;
  private long anchorWall;
  private double speed = 1;
  private boolean playing;

  synchronized long now() {
    return playing ? anchorSession + (long) ((System.nanoTime() - anchorWall) * speed)
        : anchorSession;
  }

  synchronized void set(long sessionNanos) {
    anchorSession = sessionNanos;
    anchorWall = System.nanoTime();
  }

  synchronized void play(boolean on) {
    anchorSession = now();
    anchorWall = System.nanoTime();
    playing = on;
  }

  synchronized void speed(double s) {
    anchorSession = now();
    anchorWall = System.nanoTime();
    speed = s;
  }

  synchronized double speed() {
    return speed;
  }

  synchronized boolean playing() {
    return playing;
  }

  /** Wall nanoseconds until session time reaches {@code nanos} (0 when it has). */
  synchronized long wallUntil(long nanos) {
    long left = nanos - now();
    return !playing ? Long.MAX_VALUE : left <= 0 ? 0 : (long) (left / speed);
  }
}
