package dev.switchboard.app.session;

import dev.switchboard.app.cluster.ChangeKind;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.Interner;
import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.kube.ClusterDumpLoader;
import dev.switchboard.app.cluster.kube.KubeProjection;
import dev.switchboard.app.link.RepeatedCapture;
import dev.switchboard.app.link.SidecarProcess;
import dev.switchboard.capture.FlowObserver;
import dev.switchboard.capture.PcapReplay;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Rules;
import dev.switchboard.capture.kubeproxy.CommandRunner;
import dev.switchboard.capture.kubeproxy.NodeRules;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Sessions for tests, made from the real-lab-1 recording: its API objects as the state at the
 * start, its node's events three times over (2.5 s apart), and — to see the picture follow the
 * timeline — pod web-2 replaced in the second copy by web-2b with the same IP, after web-2's
 * last connection there, as the informers would have reported it.
 */
public final class TestSessions {
  private TestSessions() {}

  public static final int CYCLES = 3;

  public static Path realLabWithPodReplaced(Path dir) throws Exception {
    ClusterStore store = new ClusterStore();
    try (InputStream in = Files.newInputStream(SidecarProcess.fixture(dir, "cluster.yaml"))) {
      new ClusterDumpLoader(new KubeProjection(new Interner())).load(in, "real-lab-1", store, 0);
    }
    List<Event> events;
    try (InputStream in = Files.newInputStream(RepeatedCapture.write(dir, CYCLES))) {
      events = PcapReplay.replay(in, "node1", FlowObserver.Settings.DEFAULT).events();
    }
    Path out = dir.resolve("real-lab-1-x3.sbsession");
    long t0 = events.get(0).timestampNanos();
    // web-2's last connection of the second copy ends 2.5 + 0.232 s in
    long removeAt = t0 + 2_740_000_000L;
    PodInfo web2 = store.read(i -> i.pod(new ObjectKey("demo", "web-2")));
    PodInfo web2b = new PodInfo("demo", "web-2b", "uid-web-2b", web2.ip(), web2.ips(),
        web2.nodeName(), web2.phase(), true, false, false, web2.labels(), web2.ports(),
        removeAt / 1_000_000L + 1, web2.workload());
    try (SessionWriter w = SessionWriter.create(out)) {
      w.write(new SessionRecord.Start(t0, 1, "switchboard test", "real-lab-1", List.of("test")));
      NodeRules.Result saved = NodeRules.read(CommandRunner.saved(Files.readString(
          SidecarProcess.fixture(dir, "node1-iptables-save.txt"))));
      w.write(new SessionRecord.EventRecord(new Rules(t0 - 1, "node1", saved.mode(),
          saved.services())));
      store.read(i -> {
        i.services().forEach(o -> write(w, t0, ChangeKind.SERVICE, o.key(), o));
        i.slices().forEach(o -> write(w, t0, ChangeKind.ENDPOINT_SLICE, o.key(), o));
        i.pods().forEach(o -> write(w, t0, ChangeKind.POD, o.key(), o));
        return null;
      });
      boolean removed = false;
      long blockStart = 0;
      for (Event e : events) {
        if (!removed && e.timestampNanos() > removeAt) {
          w.write(new SessionRecord.ClusterChange(removeAt, ChangeKind.POD,
              new ObjectKey("demo", "web-2"), null, false));
          w.write(new SessionRecord.ClusterChange(removeAt + 1_000_000L, ChangeKind.POD,
              web2b.key(), web2b, false));
          removed = true;
        }
        if (e.timestampNanos() - t0 >= blockStart + RepeatedCapture.CYCLE_NANOS) {
          w.flush(); // a block a copy, as a live recording writes a block a second
          blockStart += RepeatedCapture.CYCLE_NANOS;
        }
        w.write(new SessionRecord.EventRecord(e));
      }
      w.write(new SessionRecord.End(events.get(events.size() - 1).timestampNanos(), "test"));
    }
    return out;
  }

  public static long removalNanos(SessionIndex index) {
    return index.clusterChanges().stream().map(SessionIndex.Ordered::value)
        .filter(c -> !c.initial() && c.object() == null).findFirst().orElseThrow()
        .timestampNanos();
  }

  private static void write(SessionWriter w, long t, ChangeKind kind, ObjectKey key, Object o) {
    try {
      w.write(new SessionRecord.ClusterChange(t, kind, key, o, true));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
