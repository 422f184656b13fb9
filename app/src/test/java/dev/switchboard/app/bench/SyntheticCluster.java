package dev.switchboard.app.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Generates a large cluster in API JSON for the benchmarks: pods spread over nodes in
 * Deployments of {@code podsPerApp}, one ClusterIP Service per app, one EndpointSlice per
 * Service. Pods are realistic in shape (labels with pod-template-hash, container ports,
 * conditions, owner) but without managedFields and volumes. Any thread.
 */
final class SyntheticCluster {
  private SyntheticCluster() {}

  static JsonObject node(int i) {
    return JsonParser.parseString("""
        {"kind":"Node","apiVersion":"v1","metadata":{"name":"node-%d","labels":{"topology.kubernetes.io/zone":"zone-%d"}},
         "spec":{"podCIDR":"10.%d.%d.0/24"},
         "status":{"addresses":[{"type":"InternalIP","address":"10.0.%d.%d"}],"conditions":[{"type":"Ready","status":"True"}]}}
        """.formatted(i, i % 3, 100 + i / 256, i % 256, i / 256, i % 256 + 1)).getAsJsonObject();
  }

  static String podIp(int i) {
    return "10." + (128 + i / 65536) + "." + (i / 256 % 256) + "." + (i % 256);
  }

  static JsonObject pod(int i, int podsPerApp, int nodes) {
    int app = i / podsPerApp;
    return JsonParser.parseString("""
        {"kind":"Pod","apiVersion":"v1","metadata":{"name":"app-%d-7d4b8f9c8d-%05d","namespace":"ns-%d",
          "labels":{"app":"app-%d","pod-template-hash":"7d4b8f9c8d"},
          "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"app-%d-7d4b8f9c8d","uid":"0f0e0d0c-0b0a-0908-0706-050403020100","controller":true}],
          "creationTimestamp":"2026-11-20T09:00:00Z"},
         "spec":{"nodeName":"node-%d","containers":[{"name":"app","image":"nginx:1.25","ports":[{"name":"http","containerPort":8080,"protocol":"TCP"}],
           "resources":{"requests":{"cpu":"10m","memory":"64Mi"}}}],"restartPolicy":"Always","dnsPolicy":"ClusterFirst"},
         "status":{"phase":"Running","podIP":"%s","podIPs":[{"ip":"%s"}],"hostIP":"10.0.0.1","startTime":"2026-11-20T09:00:01Z",
           "conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"True"},
             {"type":"ContainersReady","status":"True"},{"type":"PodScheduled","status":"True"}],
           "containerStatuses":[{"name":"app","ready":true,"restartCount":0,"image":"nginx:1.25","imageID":"docker.io/library/nginx@sha256:0123","started":true,
             "state":{"running":{"startedAt":"2026-11-20T09:00:02Z"}}}],"qosClass":"Burstable"}}
        """.formatted(app, i, app % 50, app, app, i % nodes, podIp(i), podIp(i))).getAsJsonObject();
  }

  static JsonObject service(int app) {
    return JsonParser.parseString("""
        {"kind":"Service","apiVersion":"v1","metadata":{"name":"app-%d","namespace":"ns-%d"},
         "spec":{"type":"ClusterIP","clusterIP":"10.96.%d.%d","clusterIPs":["10.96.%d.%d"],"selector":{"app":"app-%d"},
           "ports":[{"name":"http","port":80,"protocol":"TCP","targetPort":"http"}],"sessionAffinity":"None",
           "internalTrafficPolicy":"Cluster"},"status":{"loadBalancer":{}}}
        """.formatted(app, app % 50, app / 256, app % 256, app / 256, app % 256, app)).getAsJsonObject();
  }

  static JsonObject slice(int app, int podsPerApp, int nodes) {
    JsonObject s = JsonParser.parseString("""
        {"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1","addressType":"IPv4",
         "metadata":{"name":"app-%d-abcde","namespace":"ns-%d","labels":{"kubernetes.io/service-name":"app-%d",
           "endpointslice.kubernetes.io/managed-by":"endpointslice-controller.k8s.io"}},
         "ports":[{"name":"http","port":8080,"protocol":"TCP"}],"endpoints":[]}
        """.formatted(app, app % 50, app)).getAsJsonObject();
    JsonArray eps = s.getAsJsonArray("endpoints");
    for (int i = app * podsPerApp; i < (app + 1) * podsPerApp; i++) {
      eps.add(JsonParser.parseString("""
          {"addresses":["%s"],"conditions":{"ready":true,"serving":true,"terminating":false},
           "nodeName":"node-%d","targetRef":{"kind":"Pod","namespace":"ns-%d","name":"app-%d-7d4b8f9c8d-%05d"}}
          """.formatted(podIp(i), i % nodes, app % 50, app, i)));
    }
    return s;
  }

  /**
   * Puts the cluster into the test server: {@code nodes} nodes, {@code pods} pods in
   * Deployments of {@code perApp} and, unless {@code podsOnly}, a Service and a slice per app.
   */
  static void serve(dev.switchboard.app.cluster.kube.ListWatchApiServer server, int pods,
      int perApp, int nodes, boolean podsOnly) {
    for (int n = 0; n < nodes; n++) {
      server.apply(node(n));
    }
    for (int i = 0; i < pods; i++) {
      server.apply(pod(i, perApp, nodes));
    }
    for (int a = 0; !podsOnly && a < pods / perApp; a++) {
      server.apply(service(a));
      server.apply(slice(a, perApp, nodes));
    }
    server.maxWatchSeconds(3600);
  }
}
