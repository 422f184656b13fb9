package dev.switchboard.app.bench;

import dev.switchboard.capture.event.ConnectionClosed;
import dev.switchboard.capture.event.ConnectionOpened;
import dev.switchboard.capture.event.DnsLookup;
import dev.switchboard.capture.event.Endpoint;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Translated;

/**
 * Load for benchmarks from a real capture: the real-lab-1 events copied as new connections — new
 * ids, client ports and times — so the correlator and the recorder see many distinct connections
 * of a real shape. Stateless.
 */
final class LabCopies {
  private LabCopies() {}

  /**
   * Event {@code e} of the capture as the {@code k}th copy would have it: {@code dt} later, its
   * own ids and client ports; null for events that are not per connection (hello, rules, status).
   */
  static Event copy(Event e, int k, long dt) {
    String suffix = "#" + k;
    if (e instanceof ConnectionOpened o) {
      return new ConnectionOpened(o.timestampNanos() + dt, o.node(), o.id() + suffix,
          o.protocol(), port(o.client(), k), o.destination(), o.observedOn());
    }
    if (e instanceof Translated t) {
      return new Translated(t.timestampNanos() + dt, t.node(), t.id() + suffix, t.protocol(),
          port(t.client(), k), t.destination(), port(t.translatedClient(), k),
          t.translatedDestination(), t.source(), t.observedOn());
    }
    if (e instanceof ConnectionClosed c) {
      return new ConnectionClosed(c.timestampNanos() + dt, c.node(), c.id() + suffix,
          c.protocol(), port(c.client(), k), c.destination(), c.outcome(), c.handshakeNanos(),
          c.durationNanos(), c.synRetransmits());
    }
    if (e instanceof DnsLookup d) {
      return new DnsLookup(d.timestampNanos() + dt, d.node(), port(d.client(), k), d.server(),
          d.answeredBy(), d.name(), d.outcome(), d.addresses(), d.cnames(), d.attempts(),
          d.latencyNanos(), d.observedOn());
    }
    return null;
  }

  private static Endpoint port(Endpoint e, int k) {
    return new Endpoint(e.ip(), 1024 + (e.port() + k * 7) % 64_000);
  }
}
