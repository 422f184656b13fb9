package dev.switchboard.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.capture.event.ConnectionClosed;
import dev.switchboard.capture.event.ConnectionOpened;
import dev.switchboard.capture.event.DnsLookup;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Translated;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real node capture of fixtures/real-lab-1 (every packet before and after kube-proxy's DNAT)
 * against the ground truth in requests.txt: for each request the DNS name and answer, the VIP or
 * NodePort dialled, the backend kube-proxy chose, and the outcome.
 */
class RealLabReplayTest {
  static final Map<String, String> POD_IPS = Map.of("web-1", "10.244.0.11", "web-2", "10.244.0.12",
      "web-3", "10.244.0.13");
  static final Map<String, String> VIPS = Map.of("web", "10.96.140.99", "broken", "10.96.153.178",
      "web.demo.svc.cluster.local", "10.96.140.99");
  private static final Pattern LINE = Pattern.compile(
      "(\\d+\\.\\d+) (client-1|ext 10\\.250\\.1\\.2) http://([^/:]+)(?::(\\d+))?/ .*-> (\\S+).*");

  record Request(long nanos, String client, String host, int port, String result) {}

  static List<Event> events;
  static List<Request> requests;

  static InputStream fixture(String name) {
    return RealLabReplayTest.class.getResourceAsStream("/fixtures/real-lab-1/" + name);
  }

  @BeforeAll
  static void replay() throws Exception {
    try (InputStream in = fixture("node1.pcap")) {
      PcapReplay.Result r = PcapReplay.replay(in, "node1", FlowObserver.Settings.DEFAULT);
      assertNull(r.stoppedBy());
      assertEquals(535, r.frames());
      events = r.events();
    }
    requests = new ArrayList<>();
    try (BufferedReader br = new BufferedReader(new InputStreamReader(fixture("requests.txt"),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = br.readLine()) != null) {
        Matcher m = LINE.matcher(line);
        assertTrue(m.matches(), line);
        String[] t = m.group(1).split("\\.");
        long nanos = Long.parseLong(t[0]) * 1_000_000_000L + Long.parseLong((t[1] + "000000000").substring(0, 9));
        requests.add(new Request(nanos, m.group(2).equals("client-1") ? "10.244.0.21" : "10.250.1.2",
            m.group(3), m.group(4) == null ? 80 : Integer.parseInt(m.group(4)), m.group(5)));
      }
    }
    assertEquals(18, requests.size());
  }

  /** requests.txt logs a request when it has finished: its events come in the 50 ms before. */
  private static boolean within(long eventNanos, Request r) {
    return eventNanos <= r.nanos() && eventNanos > r.nanos() - 50_000_000L;
  }

  private static <T extends Event> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void everyRequestMatchesItsGroundTruth() {
    Set<String> used = new HashSet<>();
    for (Request r : requests) {
      String dialled = r.host().matches("[0-9.]+") ? r.host() : VIPS.get(r.host());
      assertNotNull(dialled, r.host());
      if (!r.host().matches("[0-9.]+")) {
        DnsLookup lookup = of(DnsLookup.class).stream()
            .filter(d -> d.client().ip().equals(r.client()) && within(d.timestampNanos(), r)
                && d.name().startsWith(r.host()))
            .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no lookup for " + r));
        assertEquals("answered", lookup.outcome(), r.toString());
        assertEquals(r.host().equals("web.demo.svc.cluster.local") ? "web.demo.svc.cluster.local"
            : r.host() + ".demo.svc.cluster.local", lookup.name(), r.toString());
        assertEquals(List.of(dialled), lookup.addresses(), r.toString());
        assertEquals("10.96.0.10:53", lookup.server().toString());
        assertEquals("10.244.0.53:53", lookup.answeredBy().toString(), "the DNS pod behind the VIP");
      }
      ConnectionOpened open = of(ConnectionOpened.class).stream()
          .filter(o -> o.client().ip().equals(r.client()) && o.destination().ip().equals(dialled)
              && o.destination().port() == r.port() && within(o.timestampNanos(), r)
              && !used.contains(o.id()))
          .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no connection for " + r));
      used.add(open.id());
      Translated nat = of(Translated.class).stream().filter(t -> t.id().equals(open.id()))
          .findFirst().orElseThrow(() -> new AssertionError("no translation for " + r));
      ConnectionClosed closed = of(ConnectionClosed.class).stream()
          .filter(c -> c.id().equals(open.id())).findFirst().orElseThrow();
      if (r.result().equals("refused")) {
        assertEquals("refused", closed.outcome(), r.toString());
        assertEquals(9999, nat.translatedDestination().port(), "broken's wrong targetPort");
        assertEquals(-1, closed.handshakeNanos());
      } else {
        assertEquals(POD_IPS.get(r.result()) + ":8080", nat.translatedDestination().toString(),
            r.toString());
        assertEquals("closed", closed.outcome(), r.toString());
        assertTrue(closed.handshakeNanos() > 0);
      }
      if (r.client().equals("10.250.1.2")) {
        assertEquals("169.254.1.1", nat.translatedClient().ip(), "NodePort traffic is SNATed to the node");
      } else {
        assertEquals(open.client(), nat.translatedClient(), "in-cluster clients keep their address");
      }
    }
    assertEquals(18, used.size());
  }

  @Test
  void searchPathWalkIsOneLookup() {
    DnsLookup fqdn = of(DnsLookup.class).stream()
        .filter(d -> d.attempts().stream().anyMatch(a -> a.name().equals(
            "web.demo.svc.cluster.local.demo.svc.cluster.local")))
        .findFirst().orElseThrow();
    assertEquals("web.demo.svc.cluster.local", fqdn.name());
    List<String> tried = fqdn.attempts().stream().map(a -> a.name() + " " + a.type() + " " + a.rcode())
        .distinct().toList();
    assertTrue(tried.contains("web.demo.svc.cluster.local.demo.svc.cluster.local A NXDOMAIN"), tried.toString());
    assertTrue(tried.contains("web.demo.svc.cluster.local A NOERROR"), tried.toString());
    assertTrue(fqdn.latencyNanos() > 0 && fqdn.latencyNanos() < 50_000_000L);
  }

  @Test
  void nothingIsLeftOpenOrUndecodable() {
    assertTrue(of(dev.switchboard.capture.event.Lost.class).isEmpty(), () -> of(dev.switchboard.capture.event.Lost.class).toString());
    assertEquals(0, of(ConnectionClosed.class).stream().filter(c -> c.outcome().equals("timed_out")).count());
  }
}
