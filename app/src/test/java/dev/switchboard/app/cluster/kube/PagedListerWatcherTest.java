package dev.switchboard.app.cluster.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.CallGeneratorParams;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LIST's pages against a list-watch server: each page is slimmed before the next is read. */
class PagedListerWatcherTest {
  @TempDir Path tmp;
  private final ListWatchApiServer server = new ListWatchApiServer();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void slimsEachPageBeforeTheNextIsRequested() throws Exception {
    try (InputStream in = LiveClusterTest.fixture("real-lab-1/cluster.yaml")) {
      server.seed(in);
    }
    JsonObject template = server.get("Pod", "demo", "web-1");
    for (int n = 0; n < 1200; n++) {
      JsonObject p = template.deepCopy();
      p.getAsJsonObject("metadata").addProperty("name", "bulk-" + n);
      p.getAsJsonObject("metadata").remove("uid");
      server.apply(p);
    }
    server.start();
    KubeTarget target = new KubeconfigResolver(Map.of()).resolve(
        TestKubeconfig.write(tmp.resolve("config"), server.url(), "t"), null);
    ApiClient client = KubeClients.forTarget(target);
    // what the slim function saw: the object's class, and how many pod pages had been requested
    List<String> seen = new ArrayList<>();
    PagedListerWatcher lw = new PagedListerWatcher(client, WatchedResource.PODS, null,
        new ConnectionMonitor() {
          @Override
          public void succeeded() {}

          @Override
          public void listed(String requestedVersion) {}

          @Override
          public void failed(Exception error) {}
        },
        o -> {
          seen.add(o.getClass().getSimpleName() + "@" + podPages());
          return new SlimObject(WatchedResource.PODS, o.getMetadata(),
              o.getMetadata().getNamespace(), o.getMetadata().getName(), "info");
        });
    try {
      KubernetesListObject list = lw.list(new CallGeneratorParams(false, "0", null));
      assertEquals(1205, list.getItems().size());
      assertTrue(list.getItems().stream().allMatch(SlimObject.class::isInstance),
          "the reflector is handed slim objects only");
      for (KubernetesObject o : list.getItems()) {
        // the reflector sets kind and apiVersion on listed objects that lack them
        assertEquals("Pod", o.getKind());
        assertEquals("v1", o.getApiVersion());
      }
      int pages = podPages();
      assertEquals((1205 + PagedListerWatcher.PAGE - 1) / PagedListerWatcher.PAGE, pages);
      assertEquals("V1Pod@1", seen.get(0), "the first page is slimmed before the second is read");
      assertEquals("V1Pod@" + pages, seen.get(seen.size() - 1));
    } finally {
      KubeClients.release(client);
    }
  }

  private int podPages() {
    return (int) server.requests().stream().filter(r -> r.contains("/pods?")).count();
  }

  /** Kind and apiVersion of a group's resource. */
  @Test
  void slimObjectsAnswerTheirTypeMeta() {
    SlimObject s = new SlimObject(WatchedResource.ENDPOINT_SLICES,
        new V1ObjectMeta().resourceVersion("7"), "ns", "web-abc", "info");
    assertEquals("EndpointSlice", s.getKind());
    assertEquals("discovery.k8s.io/v1", s.getApiVersion());
    assertEquals("7", s.getMetadata().getResourceVersion());
  }
}
