package dev.switchboard.app.cluster.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.Interner;
import dev.switchboard.app.cluster.ObjectKey;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterDumpLoaderTest {
  private final ClusterDumpLoader loader = new ClusterDumpLoader(new KubeProjection(new Interner()));

  private DumpReport load(String text, ClusterStore store) throws ClusterDumpException {
    return loader.load(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "dump.yaml",
        store, 0);
  }

  @Test
  void loadsTheRealDump() throws Exception {
    ClusterStore store = new ClusterStore();
    try (InputStream in = getClass().getResourceAsStream("/fixtures/real-lab-1/cluster.yaml")) {
      DumpReport r = loader.load(in, "cluster.yaml", store, 0);
      assertEquals(Map.of("EndpointSlice", 9, "Node", 1, "Pod", 5, "Service", 11), r.loaded());
      assertTrue(r.problems().isEmpty());
    }
    assertEquals("10.244.0.11", store.read(i -> i.pod(new ObjectKey("demo", "web-1")).ip()));
  }

  @Test
  void garbageIsRefusedWithItsPosition() {
    ClusterDumpException e = assertThrows(ClusterDumpException.class,
        () -> load("items:\n  - kind: Pod\n   bad: [", new ClusterStore()));
    assertTrue(e.getMessage().startsWith("dump.yaml is not YAML or JSON:"), e.getMessage());
    assertTrue(e.getMessage().contains("line"), e.getMessage());
    assertEquals("dump.yaml document 1 is not a Kubernetes object (found string)",
        assertThrows(ClusterDumpException.class, () -> load("hello", new ClusterStore())).getMessage());
    assertTrue(assertThrows(ClusterDumpException.class, () -> load("", new ClusterStore()))
        .getMessage().startsWith("dump.yaml holds no Kubernetes objects"));
    assertThrows(ClusterDumpException.class, () -> load("\u0000\u0001binary", new ClusterStore()));
  }

  @Test
  void aBrokenItemIsReportedAndTheRestLoads() throws Exception {
    ClusterStore store = new ClusterStore();
    DumpReport r = load("""
        {"kind":"List","items":[
          {"kind":"Pod","apiVersion":"v1","metadata":{"name":"ok","namespace":"d"},
           "status":{"podIP":"10.0.0.1","phase":"Running"}},
          {"kind":"Pod","apiVersion":"v1","metadata":{"name":"bad","namespace":"d"},
           "spec":{"containers":"not-a-list"}},
          {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"cm","namespace":"d"}}
        ]}
        """, store);
    assertEquals(Map.of("Pod", 1), r.loaded());
    assertEquals(Map.of("ConfigMap", 1), r.ignored());
    assertEquals(1, r.problems().size());
    assertTrue(r.problems().get(0).startsWith("item 2 (Pod d/bad): "), r.problems().get(0));
    assertEquals(1, (int) store.read(i -> i.pods().size()));
  }

  @Test
  void multiDocumentYamlAndUnquotedTimestamps() throws Exception {
    ClusterStore store = new ClusterStore();
    load("""
        kind: Pod
        apiVersion: v1
        metadata: {name: a, namespace: d, creationTimestamp: 2026-11-22T08:30:34Z}
        status: {podIP: 10.0.0.2, phase: Running, startTime: 2026-11-22T08:30:35Z}
        ---
        kind: Service
        apiVersion: v1
        metadata: {name: s, namespace: d}
        spec: {clusterIP: 10.96.0.5, ports: [{port: 80}], selector: {app: x}}
        """, store);
    assertEquals(1795336235000L, (long) store.read(i -> i.pod(new ObjectKey("d", "a")).startedAtMillis()));
    assertEquals("80", store.read(i -> i.service(new ObjectKey("d", "s")).ports().get(0).targetPort()));
  }
}
