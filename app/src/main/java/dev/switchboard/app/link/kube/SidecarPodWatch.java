package dev.switchboard.app.link.kube;

import com.google.gson.reflect.TypeToken;
import dev.switchboard.app.cluster.kube.ApiErrors;
import dev.switchboard.app.reconnect.Backoff;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Lists and watches the sidecar pods (by label, in their namespace) and hands the whole current
 * set on after every change. No bookmarks: client-java's typed watch cannot read a bookmark's
 * bare Pod (its spec.containers is null); a watch that outlived its version gets 410 and relists. A watch that ends is resumed; a 410 Gone or a failure relists, with
 * backoff after failures. Runs on the caller's thread until {@link #stop}.
 */
final class SidecarPodWatch {
  static final String LABEL = "app.kubernetes.io/name=switchboard-sidecar";
  private static final int WATCH_SECONDS = 60;

  private final ApiClient client;
  private final String server;
  private final String namespace;
  private final Consumer<Map<String, SidecarPod>> pods;
  private final Consumer<String> problems;
  private volatile boolean stopped;
  private volatile Watch<V1Pod> current;

  SidecarPodWatch(ApiClient client, String server, String namespace,
      Consumer<Map<String, SidecarPod>> pods, Consumer<String> problems) {
    this.client = client;
    this.server = server;
    this.namespace = namespace;
    this.pods = pods;
    this.problems = problems;
  }

  void run() {
    int failures = 0;
    while (!stopped) {
      try {
        listAndWatch();
        failures = 0;
      } catch (ApiException e) {
        failures++;
        problems.accept(e.getCode() == 403 ? "may not list,watch pods in " + namespace
            : "listing the sidecar pods in " + namespace + " failed: "
            + ApiErrors.describe(e, server));
      } catch (IOException | RuntimeException e) {
        failures++;
        if (!stopped) {
          problems.accept("watching the sidecar pods in " + namespace + " failed: "
              + ApiErrors.describe(e, server));
        }
      }
      if (failures > 0 && !stopped) {
        try {
          Thread.sleep(Backoff.withJitter(failures));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void listAndWatch() throws ApiException, IOException {
    CoreV1Api core = new CoreV1Api(client);
    V1PodList list = core.listNamespacedPod(namespace).labelSelector(LABEL).execute();
    Map<String, SidecarPod> known = new LinkedHashMap<>();
    for (V1Pod p : list.getItems()) {
      SidecarPod pod = SidecarPod.of(p);
      known.put(pod.name(), pod);
    }
    pods.accept(Map.copyOf(known));
    String version = list.getMetadata().getResourceVersion();
    while (!stopped) {
      try (Watch<V1Pod> watch = Watch.createWatch(client, core.listNamespacedPod(namespace)
          .labelSelector(LABEL).watch(true).resourceVersion(version)
          .timeoutSeconds(WATCH_SECONDS).buildCall(null),
          new TypeToken<Watch.Response<V1Pod>>() { }.getType())) {
        current = watch;
        for (Watch.Response<V1Pod> event : watch) {
          if ("ERROR".equals(event.type)) {
            return; // 410 Gone and the like: relist
          }
          if (event.object == null || event.object.getMetadata() == null) {
            continue;
          }
          version = event.object.getMetadata().getResourceVersion();
          if ("BOOKMARK".equals(event.type)) {
            continue;
          }
          SidecarPod pod = SidecarPod.of(event.object);
          if ("DELETED".equals(event.type)) {
            known.remove(pod.name());
          } else {
            known.put(pod.name(), pod);
          }
          pods.accept(Map.copyOf(known));
        }
      }
    }
  }

  void stop() {
    stopped = true;
    Watch<V1Pod> w = current;
    if (w != null) {
      try {
        w.close();
      } catch (IOException e) {
        // stopping: nothing to report
      }
    }
  }
}
