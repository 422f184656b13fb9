package dev.switchboard.app.link;

import dev.switchboard.capture.event.Event;
import java.util.List;

/** A test's intake: every event, offered or put, into one list (which must be thread-safe). */
public record CollectingIntake(List<Event> events) implements EventIntake {
  @Override
  public void offer(Event e) {
    events.add(e);
  }

  @Override
  public void put(Event e) {
    events.add(e);
  }
}
