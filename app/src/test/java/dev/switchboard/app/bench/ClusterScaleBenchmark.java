package dev.switchboard.app.bench;

import com.google.gson.JsonObject;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.cluster.Interner;
import dev.switchboard.app.cluster.kube.KubeClients;
import dev.switchboard.app.cluster.kube.KubeProjection;
import dev.switchboard.app.cluster.kube.KubeTarget;
import dev.switchboard.app.cluster.kube.KubeconfigResolver;
import dev.switchboard.app.cluster.kube.ListWatchApiServer;
import dev.switchboard.app.cluster.kube.TestKubeconfig;
import dev.switchboard.app.cluster.kube.LiveCluster;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Heap per pod and (re)list time of the live cluster model at 10k / 50k / 150k pods, against the
 * list/watch test server in the same JVM. Heap is measured as the difference between the heap
 * with the client synced and after the client is closed and dropped (so the server's own copy
 * does not count). Run with {@code mvn -Pbench-cluster} (see docs/benchmarks.md). Main thread.
 */
public final class ClusterScaleBenchmark {
  private static final int PODS_PER_APP = 15;
  private static final int NODES = 100;

  private ClusterScaleBenchmark() {}

  public static void main(String[] args) throws Exception {
    String[] runs = args.length == 0 ? new String[] {"10000", "50000", "150000", "150000:pods-only"}
        : args;
    System.out.println("pods\tservices\tslices\tinitial-sync-s\trelist-s\theap-MB\tbytes/pod");
    for (String run : runs) {
      String[] parts = run.split(":");
      run(Integer.parseInt(parts[0]), parts.length > 1 && parts[1].equals("pods-only"));
    }
  }

  /** @param podsOnly no Services or slices, so the heap figure is the pods' alone */
  private static void run(int pods, boolean podsOnly) throws Exception {
    int apps = podsOnly ? 0 : pods / PODS_PER_APP;
    try (ListWatchApiServer server = new ListWatchApiServer()) {
      SyntheticCluster.serve(server, pods, PODS_PER_APP, NODES, podsOnly);
      server.start();
      Path kubeconfig = TestKubeconfig.temp(server.url());
      KubeTarget target = new KubeconfigResolver(Map.of()).resolve(kubeconfig, null);

      ClusterStore store = new ClusterStore();
      LiveCluster live = new LiveCluster(KubeClients.forTarget(target), "b", target.server(), null,
          store, new KubeProjection(new Interner()), System::currentTimeMillis);
      long t0 = System.nanoTime();
      live.start();
      if (!live.awaitSynced(Duration.ofMinutes(10))) {
        throw new IllegalStateException("not synced: " + live.status());
      }
      double initial = (System.nanoTime() - t0) / 1e9;

      // Force a relist the way production sees one: the watch cache loses history (410 Gone),
      // and one pod was deleted meanwhile. The reflector queues that deletion after every other
      // item of the new LIST, so the pod leaving the store marks the end of the relist.
      long t1 = System.nanoTime();
      JsonObject last = SyntheticCluster.pod(pods - 1, PODS_PER_APP, NODES);
      String ns = last.getAsJsonObject("metadata").get("namespace").getAsString();
      String name = last.getAsJsonObject("metadata").get("name").getAsString();
      server.unseen(() -> server.delete("Pod", ns, name));
      ObjectKey gone = new ObjectKey(ns, name);
      while (store.read(i -> i.pod(gone)) != null) {
        Thread.sleep(2);
      }
      double relist = (System.nanoTime() - t1) / 1e9;

      long with = usedAfterGc();
      if (Boolean.getBoolean("bench.pause")) {
        System.out.println("paused for a heap histogram: jcmd " + ProcessHandle.current().pid()
            + " GC.class_histogram");
        Thread.sleep(20_000);
      }
      live.close();
      store = null;
      live = null;
      long without = usedAfterGc();
      long retained = with - without;
      System.out.printf("%d\t%d\t%d\t%.2f\t%.2f\t%.1f\t%d%n", pods, apps, apps, initial, relist,
          retained / 1e6, retained / pods);
      Files.deleteIfExists(kubeconfig);
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(150);
    }
    var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return heap.getUsed();
  }
}
