package dev.switchboard.app.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.trace.ClusterLookups;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.trace.Correlator;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled demo tells the story the README promises, from its own recorded traces: a pod
 * replaced (traffic moves to the new one), a backend turning not ready while kube-proxy lags (and
 * connections that still reached it, marked so), a NodePort call from outside with its SNAT, a
 * refused and a rejected call, short-name and FQDN lookups.
 */
class DemoSessionTest {
  static final Path DEMO = Path.of("..", "assets", "demo", "demo.sbsession");
  static SessionIndex index;
  static List<ConnectionTrace> traces = new ArrayList<>();

  @BeforeAll
  static void replay() throws Exception {
    index = SessionIndex.read(DEMO);
    ClusterStore store = new ClusterStore();
    try (InputStream in = Files.newInputStream(DEMO)) {
      SessionReplay.Summary s = SessionReplay.run(new SessionReader(in), store,
          new Correlator(ClusterLookups.of(store), 1_000_000_000L, traces::add));
      assertNull(s.damage());
      assertTrue(s.ended());
    }
    assertTrue(Files.size(DEMO) < 5 << 20, "at most 5 MB");
  }

  static long count(Predicate<ConnectionTrace> p) {
    return traces.stream().filter(p).count();
  }

  static String backend(ConnectionTrace t) {
    return t.backend().target() == null ? null : t.backend().target().podName();
  }

  static boolean marked(String text) {
    return index.marks().stream().anyMatch(m -> m.text().contains(text));
  }

  @Test
  void aReplacedPodTakesItsTrafficWithIt() {
    assertTrue(marked("pod default/backend-2 removed (10.244.5.12)"));
    assertTrue(marked("pod default/backend-4 ready (10.244.5.14)"));
    long replaced = index.marks().stream().filter(m -> m.text().contains("backend-2 removed"))
        .findFirst().orElseThrow().atNanos();
    assertTrue(count(t -> "backend-2".equals(backend(t)) && t.startedAtNanos() < replaced) > 0);
    assertEquals(0, count(t -> "backend-2".equals(backend(t)) && t.startedAtNanos() > replaced));
    assertTrue(count(t -> "backend-4".equals(backend(t))) > 5);
  }

  @Test
  void aBackendTurnsNotReadyAndKubeProxyFollowsLate() {
    assertTrue(marked("pod default/backend-3 not ready"));
    assertTrue(index.marks().stream().anyMatch(m -> m.kind() == SessionIndex.Kind.LAG
        && m.text().startsWith("node1 followed default/backend-service:http endpoints 3 → 2"
        + " within")), index.marks().toString());
    List<ConnectionTrace> late = traces.stream().filter(t -> t.backend().listing() != null
        && t.backend().listing().state().equals("removed")).toList();
    assertTrue(!late.isEmpty(), "connections reached backend-3 after the API removed it");
    assertTrue(late.stream().allMatch(t -> "backend-3".equals(backend(t))), late.toString());
  }

  @Test
  void theOtherChaptersOfTheStory() {
    List<ConnectionTrace> nodePort = traces.stream()
        .filter(t -> t.client().ip().equals("10.250.32.2")).toList();
    assertEquals(3, nodePort.size());
    assertTrue(nodePort.stream().allMatch(t -> t.nodePort() == 30001 && t.snat() != null
        && "frontend-1".equals(backend(t))));
    assertEquals(2, count(t -> t.outcome().equals("refused")
        && t.service().name().equals("backend-wrong-port") && t.backend().target().port() == 9999));
    assertEquals(2, count(t -> t.outcome().equals("rejected")
        && t.service().name().equals("backend-typo")));
    assertTrue(count(t -> t.dns() != null && t.dns().queries() == 2) > 5, "short name");
    assertTrue(count(t -> t.dns() != null && t.dns().queries() > 2) > 5, "FQDN, after the walk");
    assertTrue(traces.stream().filter(t -> t.dns() != null)
        .allMatch(t -> "10.244.5.53:53".equals(t.dns().answeredBy())));
  }
}
