package dev.switchboard.app.kit;

import java.io.IOException;

/**
 * The workloads the real-cluster tests and benchmarks run on the kit's node, all from the kit's
 * busybox image: HTTP pods that answer with their own name, a Service in front of them at a
 * ClusterIP of the test's choosing, a client pod running a shell loop. Any thread.
 */
public final class KitDemo {
  private KitDemo() {}

  /** A new namespace with a Deployment "web" of {@code replicas} behind Service "web" at VIP. */
  public static void webBehind(KitAdmin admin, String namespace, int replicas, String clusterIp)
      throws Exception {
    admin.createNamespace(namespace);
    web(admin, namespace, replicas);
    service(admin, namespace, clusterIp);
  }

  /** A Deployment "web" of {@code replicas} busybox httpd pods (port "http" 8080, readiness). */
  public static void web(KitAdmin admin, String namespace, int replicas) throws IOException {
    admin.create("""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: %s}
        spec:
          replicas: %d
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec:
              terminationGracePeriodSeconds: 1
              containers:
                - name: web
                  image: lab.local/busybox:1
                  imagePullPolicy: Never
                  ports: [{name: http, containerPort: 8080}]
                  command: [sh, -c, 'mkdir /www; hostname > /www/index.html; exec httpd -f -p 8080 -h /www']
                  readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
        """.formatted(namespace, replicas));
  }

  /** Service "web" at {@code clusterIp}, port 80 → the pods' port "http". */
  public static void service(KitAdmin admin, String namespace, String clusterIp)
      throws IOException {
    admin.create("""
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: %s}
        spec:
          clusterIP: %s
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: http}]
        """.formatted(namespace, clusterIp));
  }

  /** A pod "client" running {@code script} under sh (restartPolicy Never). */
  public static void client(KitAdmin admin, String namespace, String script) throws IOException {
    admin.create("""
        apiVersion: v1
        kind: Pod
        metadata: {name: client, namespace: %s}
        spec:
          restartPolicy: Never
          terminationGracePeriodSeconds: 1
          containers:
            - name: client
              image: lab.local/busybox:1
              imagePullPolicy: Never
              command: [sh, -c, '%s']
        """.formatted(namespace, script));
  }

  /**
   * The client pod's log so far: "" before its container has written anything (client-java
   * returns null for an empty body) or started at all (the API server answers 400).
   */
  public static String clientLog(KitAdmin admin, String namespace) {
    try {
      String log = admin.core().readNamespacedPodLog("client", namespace).execute();
      return log == null ? "" : log;
    } catch (io.kubernetes.client.openapi.ApiException e) {
      return "";
    }
  }

  /**
   * Cluster DNS as the kit has none: dnsmasq in the node's network namespace answering
   * {@code names} (name → address), behind Service kube-system/kube-dns at 10.96.0.10 (where the
   * kubelet points every pod) with an EndpointSlice of the node's address, so queries cross
   * kube-proxy's DNAT like CoreDNS's do. Returns the running dnsmasq; destroy it when done, and
   * remove the Service with {@link #removeDns}.
   */
  public static Process dns(KitAdmin admin, String netns, String nodeIp,
      java.util.Map<String, String> names) throws IOException {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("ip", "netns",
        "exec", netns, "dnsmasq", "-k", "--no-resolv", "--no-hosts", "--bind-interfaces",
        "--listen-address=" + nodeIp, "--local=/cluster.local/", "--user=root", "--group=root"));
    names.forEach((name, ip) -> command.add("--host-record=" + name + "," + ip));
    Process dnsmasq = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    admin.create("""
        apiVersion: v1
        kind: Service
        metadata: {name: kube-dns, namespace: kube-system}
        spec:
          clusterIP: 10.96.0.10
          ports: [{name: dns, port: 53, protocol: UDP}, {name: dns-tcp, port: 53, protocol: TCP}]
        """);
    admin.create("""
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: kube-dns-node
          namespace: kube-system
          labels: {kubernetes.io/service-name: kube-dns}
        addressType: IPv4
        endpoints: [{addresses: ["%s"], conditions: {ready: true}}]
        ports: [{name: dns, port: 53, protocol: UDP}, {name: dns-tcp, port: 53, protocol: TCP}]
        """.formatted(nodeIp));
    return dnsmasq;
  }

  /** Deletes what {@link #dns} made in the API (its Service and EndpointSlice). */
  public static void removeDns(KitAdmin admin) throws Exception {
    admin.core().deleteNamespacedService("kube-dns", "kube-system").execute();
    new io.kubernetes.client.openapi.apis.DiscoveryV1Api(admin.client())
        .deleteNamespacedEndpointSlice("kube-dns-node", "kube-system").execute();
  }

  /** Binds {@code user} to the switchboard-viewer ClusterRole only (binding {@code name}). */
  public static void viewerOnly(KitAdmin admin, String name, String user) throws IOException {
    admin.create("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: %s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: switchboard-viewer}
        subjects: [{apiGroup: rbac.authorization.k8s.io, kind: User, name: %s}]
        """.formatted(name, user));
  }
}
