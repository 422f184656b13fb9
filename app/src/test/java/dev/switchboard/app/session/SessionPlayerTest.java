package dev.switchboard.app.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cluster.ChangeKind;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.trace.ConnectionTrace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The player behind the window's timeline, without a window: the real-lab-1 recording (made by
 * the record command) with a pod removed halfway, played, sought, stepped into.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionPlayerTest {
  @TempDir
  Path dir;

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void playsEveryConnectionAndThePictureFollowsTheTimeline() throws Exception {
    Path session = TestSessions.realLabWithPodReplaced(dir);
    SessionIndex index = SessionIndex.read(session);
    assertEquals(18 * TestSessions.CYCLES, index.connections().size());
    assertTrue(index.ended());
    assertNull(index.damage());
    assertTrue(index.marks().stream().anyMatch(m -> m.kind() == SessionIndex.Kind.CLUSTER
        && m.text().equals("pod demo/web-2 removed (10.244.0.12)")), index.marks().toString());

    ClusterStore picture = new ClusterStore();
    try (SessionPlayer player = new SessionPlayer(index, picture)) {
      player.start();
      await(() -> pod(picture, "web-2") != null, "the picture at the start");
      assertNull(pod(picture, "web-2b"));
      player.speed(10);
      player.play();
      List<ConnectionTrace> finished = new ArrayList<>();
      await(() -> {
        finished.addAll(player.handOver().drain(100));
        return finished.size() == index.connections().size();
      }, "every connection played");
      await(() -> !player.playing(), "the end");
      assertNull(pod(picture, "web-2"), "replaced in the second copy: gone at the end");
      assertNotNull(pod(picture, "web-2b"));
      long replaced = TestSessions.removalNanos(index);
      for (ConnectionTrace t : finished) {
        if (t.backend().target() != null && t.backend().target().ip().equals("10.244.0.12")) {
          assertEquals(t.startedAtNanos() < replaced ? "web-2" : "web-2b",
              t.backend().target().podName(), "the IP names its pod of the moment: " + t);
        }
      }

      player.seek(replaced - 1_000_000L);
      await(() -> pod(picture, "web-2") != null && pod(picture, "web-2b") == null,
          "the picture as it was before the replacement");
      List<ConnectionTrace> history = new ArrayList<>();
      await(() -> history.addAll(player.drainHistory()) && history.size() >= 18,
          "the connections that finished a hold before the moment, as rows");
      assertFalse(player.playing(), "a seek leaves the clock as it was (stopped at the end)");
      assertEquals(replaced - 1_000_000L, player.playhead());
    }
  }

  @Test
  void aConnectionsWholeTraceIsFoundFromItsStart() throws Exception {
    SessionIndex index = SessionIndex.read(TestSessions.realLabWithPodReplaced(dir));
    try (SessionPlayer player = new SessionPlayer(index, new ClusterStore())) {
      SessionIndex.Connection nodePort = index.connections().stream()
          .filter(c -> c.id().equals("node1/node1-5")).findFirst().orElseThrow();
      ConnectionTrace t = player.traceOf(nodePort).get(30, TimeUnit.SECONDS);
      assertNotNull(t);
      assertEquals(nodePort.id(), t.id());
      assertEquals(30080, t.nodePort());
      assertEquals("web-3", t.backend().target().podName());
    }
  }

  @Test
  void aStretchPlaysToItsEndAndPausesExactlyThere() throws Exception {
    SessionIndex index = SessionIndex.read(TestSessions.realLabWithPodReplaced(dir));
    long replaced = TestSessions.removalNanos(index);
    try (SessionPlayer player = new SessionPlayer(index, new ClusterStore())) {
      player.start();
      player.seek(replaced - 2_000_000_000L);
      player.stopAt(replaced - 1_000_000L);
      player.speed(10);
      player.play();
      await(() -> !player.playing(), "the stretch's end");
      assertEquals(replaced - 1_000_000L, player.playhead());
      List<ConnectionTrace> played = new ArrayList<>(player.handOver().drain(1000));
      assertTrue(played.stream().allMatch(t -> t.startedAtNanos() <= replaced - 1_000_000L),
          "nothing after the end was taken");
      player.play();
      await(() -> player.playhead() > replaced, "playing on past the end, once paused there");
      player.stopAt(replaced - 1_000_000L);
      player.seek(replaced + 1_000_000_000L);
      Thread.sleep(100);
      assertTrue(player.playing(), "a seek past the end lets play go on");
    }
  }

  private static PodInfo pod(ClusterStore s, String name) {
    return s.read(i -> i.pod(new ObjectKey("demo", name)));
  }

  static boolean removed(SessionRecord r) {
    return r instanceof SessionRecord.ClusterChange c && c.kind() == ChangeKind.POD
        && c.object() == null;
  }
}
