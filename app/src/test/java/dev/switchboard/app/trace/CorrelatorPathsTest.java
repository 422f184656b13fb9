package dev.switchboard.app.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.capture.event.ConnectionClosed;
import dev.switchboard.capture.event.ConnectionOpened;
import dev.switchboard.capture.event.DnsAttempt;
import dev.switchboard.capture.event.DnsLookup;
import dev.switchboard.capture.event.Endpoint;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Hello;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.event.Rules;
import dev.switchboard.capture.event.Translated;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The paths the real-lab-1 capture does not hold — a connection seen by two nodes (in either
 * order, with and without SNAT), headless and ExternalName Services, a node without kube-proxy
 * rules, REJECT, a late conntrack entry, events after the hold — as event sequences the sidecar
 * emits, against the real-lab-1 API objects and kube-proxy rules.
 */
class CorrelatorPathsTest {
  private static final long T = 1_795_336_483_000_000_000L;
  private static final long MS = 1_000_000L;
  private static final long HOLD = 500 * MS;
  private static final Endpoint CLIENT = new Endpoint("10.244.0.21", 40_000);
  private static final Endpoint WEB_VIP = new Endpoint("10.96.140.99", 80);
  private static final Endpoint WEB_2 = new Endpoint("10.244.0.12", 8080);

  static ClusterStore store;
  final List<ConnectionTrace> traces = new ArrayList<>();
  Correlator correlator;

  @BeforeAll
  static void cluster() throws Exception {
    RealLabTraceTest.load();
    store = RealLabTraceTest.cluster();
  }

  private void run(boolean withRules, Event... events) {
    correlator = new Correlator(ClusterLookups.of(store), HOLD, traces::add);
    for (String node : List.of("node1", "node2")) {
      correlator.accept(new Hello(T - MS, node, Hello.VERSION, List.of("any"), "", 512,
          withRules ? "iptables" : "none", withRules ? null : "no KUBE-SERVICES chain", false));
      if (withRules) {
        correlator.accept(new Rules(T - MS, node, "iptables", RealLabTraceTest.rules.services()));
      }
    }
    for (Event e : events) {
      correlator.accept(e);
    }
    correlator.flush();
  }

  private static ConnectionOpened open(String node, String id, long at, Endpoint c, Endpoint d) {
    return new ConnectionOpened(T + at, node, id, "TCP", c, d, "veth");
  }

  private static Translated nat(String node, String id, long at, Endpoint c, Endpoint d,
      Endpoint tc, Endpoint td, String source) {
    return new Translated(T + at, node, id, "TCP", c, d, tc, td, source, "veth");
  }

  private static ConnectionClosed closed(String node, String id, long at, Endpoint c, Endpoint d,
      String outcome) {
    return new ConnectionClosed(T + at, node, id, "TCP", c, d, outcome,
        outcome.equals("closed") ? MS / 10 : -1, 3 * MS, 0);
  }

  private static DnsLookup lookup(long at, String name, List<String> cnames, String... answers) {
    return new DnsLookup(T + at, "node1", new Endpoint(CLIENT.ip(), 5353),
        new Endpoint("10.96.0.10", 53), null, name, "answered", List.of(answers), cnames,
        List.of(new DnsAttempt(name, "A", "NOERROR", List.of(answers))), MS, "veth");
  }

  private ConnectionTrace only() {
    assertEquals(1, traces.size(), traces::toString);
    return traces.get(0);
  }

  @Test
  void theClientsNodeTranslatesAndTheBackendsNodeSeesItArrive() {
    run(true,
        open("node1", "a", 0, CLIENT, WEB_VIP),
        nat("node1", "a", 0, CLIENT, WEB_VIP, CLIENT, WEB_2, "capture"),
        open("node2", "b", MS, CLIENT, WEB_2),
        closed("node1", "a", 10 * MS, CLIENT, WEB_VIP, "closed"),
        closed("node2", "b", 10 * MS, CLIENT, WEB_2, "closed"));
    ConnectionTrace t = only();
    assertEquals(List.of("node1", "node2"), t.nodes());
    assertEquals(WEB_VIP.ip(), t.dialled().ip());
    assertEquals("web", t.service().name());
    assertEquals("web-2", t.backend().target().podName());
    assertEquals(Evidence.OBSERVED, t.decision().evidence());
    assertEquals(1L, correlator.stats().snapshot().get("mergedAcrossNodes"));
  }

  @Test
  void theBackendsNodeReportsFirst() {
    run(true,
        open("node2", "b", MS, CLIENT, WEB_2),
        closed("node2", "b", 10 * MS, CLIENT, WEB_2, "closed"),
        open("node1", "a", 0, CLIENT, WEB_VIP),
        nat("node1", "a", 0, CLIENT, WEB_VIP, CLIENT, WEB_2, "capture"),
        closed("node1", "a", 10 * MS, CLIENT, WEB_VIP, "closed"));
    ConnectionTrace t = only();
    assertEquals(List.of("node1", "node2"), t.nodes(), "the translating view leads");
    assertEquals(WEB_VIP.ip(), t.dialled().ip(), "what the client dialled, not the pod");
    assertEquals("web", t.service().name());
    assertEquals("closed", t.outcome());
  }

  @Test
  void aNodePortCallFromOutsideIsSnatedToAnotherNodesPod() {
    Endpoint outside = new Endpoint("10.250.1.2", 51_000);
    Endpoint nodePort = new Endpoint("10.250.1.1", 30080);
    Endpoint snat = new Endpoint("10.250.1.1", 61_000);
    Endpoint web3 = new Endpoint("10.244.0.13", 8080);
    run(true,
        open("node1", "a", 0, outside, nodePort),
        nat("node1", "a", 0, outside, nodePort, snat, web3, "capture"),
        open("node2", "b", MS, snat, web3),
        closed("node2", "b", 9 * MS, snat, web3, "closed"),
        closed("node1", "a", 10 * MS, outside, nodePort, "closed"));
    ConnectionTrace t = only();
    assertEquals(List.of("node1", "node2"), t.nodes());
    assertEquals("10.250.1.2", t.client().ip());
    assertNull(t.client().podName());
    assertEquals(30080, t.nodePort());
    assertEquals("web-np", t.service().name());
    assertEquals("nodePort", t.service().via());
    assertEquals(80, t.service().port(), "the Service port behind the NodePort");
    assertEquals(snat.ip(), t.snat().ip());
    assertEquals("web-3", t.backend().target().podName());
  }

  @Test
  void aHeadlessServiceIsDnsThenADirectCall() {
    Endpoint web1 = new Endpoint("10.244.0.11", 8080);
    run(true,
        lookup(0, "web-headless.demo.svc.cluster.local", List.of(), "10.244.0.11", "10.244.0.12",
            "10.244.0.13"),
        open("node1", "a", 2 * MS, CLIENT, web1),
        closed("node1", "a", 10 * MS, CLIENT, web1, "closed"));
    ConnectionTrace t = only();
    assertEquals("web-headless.demo.svc.cluster.local", t.dns().name());
    assertEquals("headless", t.service().via());
    assertEquals("web-headless", t.service().name());
    assertEquals("http", t.service().portName());
    assertEquals(Evidence.INFERRED, t.service().evidence(), "named by DNS, not by rules");
    assertNull(t.decision(), "kube-proxy plays no part");
    assertEquals("direct", t.backend().source());
    assertEquals("web-1", t.backend().target().podName());
    assertEquals(Evidence.OBSERVED, t.backend().evidence());
  }

  @Test
  void anExternalNameServiceIsOnlyADnsAlias() {
    Endpoint db = new Endpoint("203.0.113.7", 5432);
    run(true,
        lookup(0, "db-external.demo.svc.cluster.local", List.of("db.example.com"), db.ip()),
        open("node1", "a", 2 * MS, CLIENT, db),
        closed("node1", "a", 10 * MS, CLIENT, db, "closed"));
    ConnectionTrace t = only();
    assertEquals(List.of("db.example.com"), t.dns().cnames());
    assertEquals("externalName", t.service().via());
    assertEquals("db-external", t.service().name());
    assertNull(t.decision());
    assertEquals(db.ip(), t.backend().target().ip());
    assertNull(t.backend().target().podName());
  }

  @Test
  void withoutKubeProxyRulesTheChoiceIsUnknownNotGuessed() {
    run(false,
        open("node1", "a", 0, CLIENT, WEB_VIP),
        closed("node1", "a", 10 * MS, CLIENT, WEB_VIP, "closed"));
    ConnectionTrace t = only();
    assertEquals("web", t.service().name());
    assertEquals(Evidence.INFERRED, t.service().evidence(), "from the cluster's VIP, not rules");
    assertEquals("unknown", t.decision().mode());
    assertEquals(Evidence.UNKNOWN, t.decision().evidence());
    assertTrue(t.decision().why().contains("no KUBE-SERVICES chain"), t.decision().why());
    assertEquals(Evidence.UNKNOWN, t.backend().evidence());
    assertNull(t.backend().target());
  }

  /** The real-lab-1 rules with one more backend for demo/web:http, as kube-proxy adds one. */
  private static List<dev.switchboard.capture.event.ServiceRule> webWith(Endpoint extra) {
    List<dev.switchboard.capture.event.ServiceRule> out = new ArrayList<>();
    for (var r : RealLabTraceTest.rules.services()) {
      if (r.service().equals("demo/web:http")) {
        List<dev.switchboard.capture.event.ServiceRule.Backend> backends =
            new ArrayList<>(r.backends());
        backends.add(new dev.switchboard.capture.event.ServiceRule.Backend(extra.ip(),
            extra.port(), 1.0 / (backends.size() + 1), 1, "-A KUBE-SVC-X -j KUBE-SEP-NEW", false));
        r = new dev.switchboard.capture.event.ServiceRule(r.service(), r.protocol(),
            r.frontends(), r.scheduler(), r.affinitySeconds(), r.rejects(), backends);
      }
      out.add(r);
    }
    return out;
  }

  /**
   * A connection to a backend the rules in force lack, and the next reading, {@code readAfter}
   * later, that lists it (as the sidecar reads on seeing such a backend): the decision.
   */
  private DecisionStage decisionWithAReadingAfter(long readAfter) {
    Endpoint fresh = new Endpoint("10.244.0.99", 8080);
    run(true,
        open("node1", "a", 0, CLIENT, WEB_VIP),
        nat("node1", "a", 0, CLIENT, WEB_VIP, CLIENT, fresh, "capture"),
        closed("node1", "a", 10 * MS, CLIENT, WEB_VIP, "closed"),
        new Rules(T + readAfter, "node1", "iptables", webWith(fresh)));
    return only().decision();
  }

  @Test
  void aBackendNewerThanTheRulesReadingIsExplainedByTheNextReadingAsInferred() {
    DecisionStage d = decisionWithAReadingAfter(200 * MS);
    assertEquals(Evidence.INFERRED, d.evidence(), d.why());
    assertEquals("-A KUBE-SVC-X -j KUBE-SEP-NEW", d.rule());
    assertTrue(d.why().contains("rules as read 200 ms after the connection: the reading before"
        + " did not list this backend yet"), d.why());
  }

  @Test
  void withoutAReadingThatListsTheBackendSoonAfterTheRuleStaysUnknown() {
    // a reading long after says nothing about this connection
    DecisionStage d = decisionWithAReadingAfter(4000 * MS);
    assertEquals(Evidence.UNKNOWN, d.evidence(), d.why());
    assertTrue(d.why().contains("kube-proxy changed them between the sidecar's readings"),
        d.why());
  }

  @Test
  void aServiceWithoutEndpointsIsRejectedByTheRules() {
    Endpoint orphan = new Endpoint("10.96.61.171", 80);
    run(true,
        open("node1", "a", 0, CLIENT, orphan),
        closed("node1", "a", MS, CLIENT, orphan, "rejected"));
    ConnectionTrace t = only();
    assertEquals("orphan", t.service().name());
    assertEquals(Evidence.OBSERVED, t.decision().evidence());
    assertTrue(t.decision().why().contains("REJECT"), t.decision().why());
    assertNull(t.backend().target());
    assertEquals("rejected", t.outcome());
  }

  /**
   * A connection from the node itself (or a hostNetwork pod): kube-proxy's OUTPUT chain
   * translated it before the capture saw it, so the sidecar opened it as node → pod and
   * conntrack said what was dialled. The trace is the Service's, not a direct call.
   */
  @Test
  void aConnectionSeenOnlyAfterNatIsTracedToTheServiceConntrackNames() {
    Endpoint node = new Endpoint("10.244.0.1", 41_000);
    run(true,
        open("node1", "a", 0, node, WEB_2),
        nat("node1", "a", MS, node, WEB_VIP, node, WEB_2, "conntrack"),
        closed("node1", "a", 10 * MS, node, WEB_2, "closed"));
    ConnectionTrace t = only();
    assertEquals(WEB_VIP.ip(), t.dialled().ip(), "dialled: the VIP, not the pod");
    assertEquals(node.ip(), t.client().ip());
    assertEquals("web", t.service().name());
    assertEquals("web-2", t.backend().target().podName());
    assertEquals("conntrack", t.backend().source());
    assertEquals(Evidence.OBSERVED, t.decision().evidence(), t.decision().why());
    assertEquals("closed", t.outcome());
  }

  @Test
  void aConntrackEntryAfterTheCloseStillJoinsWithinTheHold() {
    run(true,
        open("node1", "a", 0, CLIENT, WEB_VIP),
        closed("node1", "a", 10 * MS, CLIENT, WEB_VIP, "closed"),
        nat("node1", "a", 20 * MS, CLIENT, WEB_VIP, CLIENT, WEB_2, "conntrack"));
    ConnectionTrace t = only();
    assertEquals("conntrack", t.backend().source());
    assertEquals("web-2", t.backend().target().podName());
  }

  @Test
  void partsArrivingAfterTheHoldAreCountedNotDuplicated() {
    run(true,
        open("node1", "a", 0, CLIENT, WEB_VIP),
        closed("node1", "a", 10 * MS, CLIENT, WEB_VIP, "closed"),
        new Lost(T + 600 * MS, "node1", "kernel_drop", 7, T, T + 600 * MS),
        nat("node1", "a", 700 * MS, CLIENT, WEB_VIP, CLIENT, WEB_2, "conntrack"));
    ConnectionTrace t = only();
    assertEquals(Evidence.UNKNOWN, t.backend().evidence(), "emitted before the entry came");
    assertEquals(1L, correlator.stats().snapshot().get("late"));
    assertEquals(7L, correlator.stats().snapshot().get("lost node1 kernel_drop"));
  }

  /** A correlator with node1's rules that also hands on connections under way: those. */
  private List<ConnectionTrace> followingProgress() {
    List<ConnectionTrace> underWay = new ArrayList<>();
    correlator = new Correlator(ClusterLookups.of(store), HOLD, traces::add);
    correlator.onProgress(underWay::add);
    correlator.accept(new Rules(T - MS, "node1", "iptables", RealLabTraceTest.rules.services()));
    return underWay;
  }

  @Test
  void aShortCrossNodeConnectionIsShownWhenTheClientsNodeReportsItsTranslation() {
    // The backend's node streamed the whole connection before the client's node its SYN: it is
    // shown as soon as the translation joins the two, not after the hold.
    List<ConnectionTrace> underWay = followingProgress();
    correlator.accept(open("node2", "b", MS, CLIENT, WEB_2));
    correlator.accept(closed("node2", "b", 5 * MS, CLIENT, WEB_2, "closed"));
    correlator.accept(open("node1", "a", 0, CLIENT, WEB_VIP));
    correlator.accept(nat("node1", "a", 0, CLIENT, WEB_VIP, CLIENT, WEB_2, "capture"));
    assertEquals(1, underWay.size(), "shown once the two views are joined");
    assertEquals("web-2", underWay.get(0).backend().target().podName());
    assertEquals(List.of("node1", "node2"), underWay.get(0).nodes());
    correlator.accept(closed("node1", "a", 6 * MS, CLIENT, WEB_VIP, "closed"));
    correlator.flush();
    assertEquals(1, underWay.size(), "shown once");
    assertEquals(1, traces.size());
  }

  @Test
  void aConnectionIsShownUnderWayOnceItsTranslationIsSeenWithoutSpendingItsLookup() {
    List<ConnectionTrace> underWay = followingProgress();
    correlator.accept(lookup(0, "web.demo.svc.cluster.local", List.of(), WEB_VIP.ip()));
    correlator.accept(open("node1", "a", MS, CLIENT, WEB_VIP));
    assertTrue(underWay.isEmpty(), "nothing to show before kube-proxy's choice is seen");
    correlator.accept(nat("node1", "a", MS, CLIENT, WEB_VIP, CLIENT, WEB_2, "capture"));
    assertEquals(1, underWay.size());
    ConnectionTrace early = underWay.get(0);
    assertEquals("open", early.outcome());
    assertEquals("web-2", early.backend().target().podName());
    assertEquals("web.demo.svc.cluster.local", early.dns().name());
    assertTrue(traces.isEmpty(), "the finished trace waits for the end");
    correlator.accept(closed("node1", "a", 10 * MS, CLIENT, WEB_VIP, "closed"));
    correlator.flush();
    assertEquals(1, underWay.size(), "shown under way once");
    correlator.accept(open("node1", "b", 20 * MS, CLIENT, new Endpoint("10.96.61.171", 80)));
    correlator.accept(closed("node1", "b", 21 * MS, CLIENT, new Endpoint("10.96.61.171", 80),
        "rejected"));
    assertEquals(1, underWay.size(), "another node's view may still join it");
    correlator.advanceTo(T + 21 * MS + Correlator.END_PREVIEW_NANOS);
    assertEquals(2, underWay.size(), "then a connection ended without translation is shown");
    assertEquals("rejected", underWay.get(1).outcome());
    correlator.flush();
    ConnectionTrace done = traces.get(0);
    assertEquals("closed", done.outcome());
    assertEquals("web.demo.svc.cluster.local", done.dns().name(),
        "the preview did not use up the lookup");
  }

  @Test
  void aRestartedSidecarNumberingFromOneAgainStillMakesNewTraces() {
    run(true,
        open("node1", "node1-1", 0, CLIENT, WEB_VIP),
        nat("node1", "node1-1", 0, CLIENT, WEB_VIP, CLIENT, WEB_2, "capture"),
        closed("node1", "node1-1", 10 * MS, CLIENT, WEB_VIP, "closed"),
        new Hello(T + 2000 * MS, "node1", Hello.VERSION, List.of("any"), "", 512, "iptables",
            null, false),
        open("node1", "node1-1", 2100 * MS, new Endpoint(CLIENT.ip(), 40_001), WEB_VIP),
        closed("node1", "node1-1", 2110 * MS, new Endpoint(CLIENT.ip(), 40_001), WEB_VIP,
            "closed"));
    assertEquals(2, traces.size(), traces::toString);
    assertEquals("node1/node1-1", traces.get(0).id());
    assertEquals("node1/node1-1#1", traces.get(1).id(), "a distinct id for the new connection");
    assertEquals(0L, correlator.stats().snapshot().get("late"), "nothing taken for late");
  }

  @Test
  void aCloseWithoutItsOpenIsStillATrace() {
    run(true,
        closed("node1", "a", 10 * MS, CLIENT, WEB_2, "closed"));
    ConnectionTrace t = only();
    assertEquals(T + 10 * MS - 3 * MS, t.startedAtNanos(), "started duration before the close");
    assertEquals("web-2", t.backend().target().podName());
    assertEquals(1L, correlator.stats().snapshot().get("openNotSeen"));
  }
}
