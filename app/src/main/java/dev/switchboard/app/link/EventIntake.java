package dev.switchboard.app.link;

import dev.switchboard.capture.event.Event;

/**
 * Where sources hand their events. A live source offers and never waits (what does not fit is
 * counted and reported as lost); a file puts and waits for room, so a file is read at the pace
 * its events are taken and nothing of it is ever dropped. Any thread.
 */
public interface EventIntake {
  /** Takes every event and keeps none (what is only recorded, or only counted). */
  EventIntake NOWHERE = new EventIntake() {
    @Override
    public void offer(Event e) {
      // kept by whoever tapped the stream before it
    }

    @Override
    public void put(Event e) {
      // as above
    }
  };

  void offer(Event e);

  void put(Event e) throws InterruptedException;
}
