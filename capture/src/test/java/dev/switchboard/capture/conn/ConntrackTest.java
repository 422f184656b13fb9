package dev.switchboard.capture.conn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.capture.FlowObserver;
import dev.switchboard.capture.event.ConnectionClosed;
import dev.switchboard.capture.event.Endpoint;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Translated;
import dev.switchboard.capture.packet.Direction;
import dev.switchboard.capture.packet.Packet;
import dev.switchboard.capture.packet.PacketDecoder;
import dev.switchboard.capture.pcap.CapturedFrame;
import dev.switchboard.capture.pcap.PcapReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConntrackTest {
  static List<ConntrackEntry> table() throws Exception {
    try (InputStream in = ConntrackTest.class.getResourceAsStream("/fixtures/real-lab-1/node1-conntrack.txt")) {
      List<ConntrackEntry> out = new ArrayList<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        ConntrackEntry e = ConntrackEntry.parse(line);
        if (e != null) {
          out.add(e);
        }
      }
      return out;
    }
  }

  /** The real-lab-1 node capture's packets that {@code keep} accepts, then a flush. */
  private void feed(FlowObserver observer, java.util.function.Predicate<Packet> keep)
      throws Exception {
    PacketDecoder decoder = new PacketDecoder();
    try (InputStream in = getClass().getResourceAsStream("/fixtures/real-lab-1/node1.pcap");
        PcapReader reader = new PcapReader(in)) {
      CapturedFrame f;
      while ((f = reader.next()) != null) {
        Packet p = decoder.decode(f.data(), f.data().length, f.linkType(), f.timestampNanos(), null);
        if (p != null && keep.test(p)) {
          observer.packet(p);
        }
      }
    }
    observer.flush();
  }

  @Test
  void readsTheRealTableAndEventLines() throws Exception {
    List<ConntrackEntry> entries = table();
    ConntrackEntry np = entries.stream().filter(e -> e.originalDestination().port() == 30080)
        .findFirst().orElseThrow();
    assertEquals(new Endpoint("10.250.1.1", 30080), np.originalDestination());
    assertTrue(np.translated());
    assertEquals("169.254.1.1", np.translatedClient().ip(), "SNAT to the node");
    assertEquals(8080, np.translatedDestination().port());
    ConntrackEntry event = ConntrackEntry.parse("[1795336483.520724]\t    [NEW] tcp      6 120 SYN_SENT"
        + " src=10.244.0.21 dst=10.96.140.99 sport=34552 dport=80 [UNREPLIED] src=10.244.0.11"
        + " dst=10.244.0.21 sport=8080 dport=34552");
    assertEquals(1_795_336_483_520_724_000L, event.timestampNanos());
    assertEquals(new Endpoint("10.244.0.11", 8080), event.translatedDestination());
    assertNull(ConntrackEntry.parse("icmp     1 29 src=10.0.0.1 dst=10.0.0.2 type=8 code=0 id=1"));
    assertNull(ConntrackEntry.parse("garbage"));
  }

  @Test
  void conntrackTranslatesWhatTheCaptureOnlySawBeforeNat() throws Exception {
    List<Event> events = new ArrayList<>();
    FlowObserver observer = new FlowObserver("node1", FlowObserver.Settings.DEFAULT, events::add);
    for (ConntrackEntry e : table()) {
      observer.conntrack(e, 0); // as if the kernel reported each flow as it was created
    }
    // what reached the node: the SYN before NAT, the backend's answers
    feed(observer, p -> p.direction() == Direction.IN);
    List<Translated> nat = events.stream().filter(Translated.class::isInstance)
        .map(Translated.class::cast).toList();
    assertTrue(nat.size() >= 5, "translations found: " + nat.size());
    assertTrue(nat.stream().allMatch(t -> t.source().equals("conntrack")));
    Translated np = nat.stream().filter(t -> t.destination().port() == 30080).findFirst().orElseThrow();
    assertEquals("169.254.1.1", np.translatedClient().ip());
    List<String> outcomes = events.stream().filter(ConnectionClosed.class::isInstance)
        .map(ConnectionClosed.class::cast)
        .filter(c -> nat.stream().anyMatch(t -> t.id().equals(c.id())))
        .map(ConnectionClosed::outcome).toList();
    assertEquals(nat.size(), outcomes.size());
    assertTrue(outcomes.stream().allMatch("closed"::equals),
        "the backend's answers are matched through the translation: " + outcomes);
  }

  /**
   * A connection that starts on the node (or in a hostNetwork pod) is translated by kube-proxy's
   * OUTPUT chain before any interface sees it: the capture has only the SYN after NAT. Here the
   * real capture's packets that carry a Service's address are left out, which leaves exactly
   * that; conntrack still names the address dialled.
   */
  @Test
  void conntrackNamesTheServiceWhenTheCaptureOnlySawTheSynAfterNat() throws Exception {
    List<Event> events = new ArrayList<>();
    FlowObserver observer = new FlowObserver("node1", FlowObserver.Settings.DEFAULT, events::add);
    List<ConntrackEntry> table = table();
    java.util.Set<Endpoint> dialled = new java.util.HashSet<>();
    for (ConntrackEntry e : table) {
      if (e.translated()) {
        dialled.add(e.originalDestination());
      }
      observer.conntrack(e, 0);
    }
    // the lab's Service CIDR is 10.96.0.0/16; the node port's flows are in the table
    feed(observer, p -> p.protocol() == dev.switchboard.capture.packet.Protocol.TCP
        && !p.dst().startsWith("10.96.") && !p.src().startsWith("10.96.")
        && !dialled.contains(new Endpoint(p.dst(), p.dstPort()))
        && !dialled.contains(new Endpoint(p.src(), p.srcPort())));
    List<Translated> nat = events.stream().filter(Translated.class::isInstance)
        .map(Translated.class::cast).toList();
    assertTrue(nat.size() >= 5, "translations found: " + nat.size());
    for (Translated t : nat) {
      assertEquals("conntrack", t.source(), t.toString());
      assertTrue(dialled.contains(t.destination()), "the Service's address, from conntrack: " + t);
      assertTrue(!t.destination().equals(t.translatedDestination()), t.toString());
    }
    List<String> outcomes = events.stream().filter(ConnectionClosed.class::isInstance)
        .map(ConnectionClosed.class::cast)
        .filter(c -> nat.stream().anyMatch(t -> t.id().equals(c.id())))
        .map(ConnectionClosed::outcome).toList();
    assertEquals(nat.size(), outcomes.size());
    assertTrue(outcomes.stream().allMatch(o -> o.equals("closed") || o.equals("refused")),
        outcomes.toString());
  }
}
