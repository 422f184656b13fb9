package dev.switchboard.capture.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.capture.event.DnsLookup;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.packet.Direction;
import dev.switchboard.capture.packet.Packet;
import dev.switchboard.capture.packet.Protocol;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DnsTrackerTest {
  static Packet udp(long ts, String src, int sport, String dst, int dport) {
    return new Packet(ts, "eth0", Direction.IN, 4, src, dst, Protocol.UDP, sport, dport, 0, 0, 0,
        0, 0, null, null);
  }

  static DnsMessage query(int id, String name) {
    return new DnsMessage(id, false, 0, 0, false, List.of(new DnsQuestion(name, DnsType.A, 1)), List.of());
  }

  static DnsMessage answer(int id, String name, String ip) {
    return new DnsMessage(id, true, 0, 0, false, List.of(new DnsQuestion(name, DnsType.A, 1)),
        List.of(new DnsRecord(name, DnsType.A, 30, ip)));
  }

  @Test
  void theSameQuestionAgainIsTheNextLookupNotTheSameOne() {
    List<Event> out = new ArrayList<>();
    DnsTracker t = new DnsTracker("n", out::add, 5_000_000_000L, 1_000_000_000L);
    for (int i = 0; i < 5; i++) {
      long ts = i * 100_000L; // 10,000 lookups a second
      t.accept(udp(ts, "10.0.0.1", 4000, "10.96.0.10", 53), query(i, "sink.demo.svc.cluster.local"));
      t.accept(udp(ts + 50_000, "10.96.0.10", 53, "10.0.0.1", 4000), answer(i, "sink.demo.svc.cluster.local", "10.96.10.16"));
    }
    t.flush(1_000_000L);
    List<DnsLookup> lookups = out.stream().map(DnsLookup.class::cast).toList();
    assertEquals(5, lookups.size());
    assertEquals(List.of(1, 1, 1, 1, 1), lookups.stream().map(l -> l.attempts().size()).toList());
  }
}
