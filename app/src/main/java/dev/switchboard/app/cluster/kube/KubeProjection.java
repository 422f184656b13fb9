package dev.switchboard.app.cluster.kube;

import dev.switchboard.app.cluster.ContainerPort;
import dev.switchboard.app.cluster.Endpoint;
import dev.switchboard.app.cluster.EndpointPort;
import dev.switchboard.app.cluster.EndpointSliceInfo;
import dev.switchboard.app.cluster.Interner;
import dev.switchboard.app.cluster.NamespaceInfo;
import dev.switchboard.app.cluster.NodeInfo;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.Workload;
import dev.switchboard.app.cluster.PodPhase;
import dev.switchboard.app.cluster.ServiceInfo;
import dev.switchboard.app.cluster.ServicePort;
import dev.switchboard.app.cluster.ServiceType;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.DiscoveryV1EndpointPort;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1ContainerPort;
import io.kubernetes.client.openapi.models.V1Endpoint;
import io.kubernetes.client.openapi.models.V1EndpointConditions;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1LoadBalancerIngress;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeAddress;
import io.kubernetes.client.openapi.models.V1NodeCondition;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodCondition;
import io.kubernetes.client.openapi.models.V1PodIP;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PodStatus;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServicePort;
import io.kubernetes.client.openapi.models.V1ServiceSpec;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns client-java objects into the slim, client-free records of the cluster model. The one
 * place that reads API objects: informers and the dump loader both project through it. Any
 * thread (the interner is concurrent).
 */
public final class KubeProjection {
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  private static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  private static final int DEFAULT_AFFINITY_TIMEOUT = 10800;

  private final Interner interner;

  public KubeProjection(Interner interner) {
    this.interner = interner;
  }

  public NamespaceInfo namespace(V1Namespace ns) {
    String phase = ns.getStatus() == null ? null : ns.getStatus().getPhase();
    return new NamespaceInfo(interner.intern(ns.getMetadata().getName()), interner.intern(phase));
  }

  public NodeInfo node(V1Node node) {
    String internal = null;
    String external = null;
    boolean ready = false;
    if (node.getStatus() != null) {
      for (V1NodeAddress a : nullSafe(node.getStatus().getAddresses())) {
        if ("InternalIP".equals(a.getType()) && internal == null) {
          internal = a.getAddress();
        } else if ("ExternalIP".equals(a.getType()) && external == null) {
          external = a.getAddress();
        }
      }
      for (V1NodeCondition c : nullSafe(node.getStatus().getConditions())) {
        if ("Ready".equals(c.getType())) {
          ready = "True".equals(c.getStatus());
        }
      }
    }
    String cidr = node.getSpec() == null ? null : node.getSpec().getPodCIDR();
    Map<String, String> labels = node.getMetadata().getLabels();
    String zone = labels == null ? null : labels.get(ZONE_LABEL);
    return new NodeInfo(interner.intern(node.getMetadata().getName()), internal, external, cidr,
        ready, interner.intern(zone));
  }

  public PodInfo pod(V1Pod pod) {
    V1ObjectMeta meta = pod.getMetadata();
    V1PodSpec spec = pod.getSpec();
    V1PodStatus status = pod.getStatus();
    String ip = null;
    List<String> ips = List.of();
    PodPhase phase = PodPhase.PENDING;
    boolean ready = false;
    long started = millis(meta.getCreationTimestamp());
    if (status != null) {
      ip = status.getPodIP();
      List<V1PodIP> podIps = status.getPodIPs();
      if (podIps != null && !podIps.isEmpty()) {
        List<String> all = new ArrayList<>(podIps.size());
        for (V1PodIP p : podIps) {
          // the primary IP is also in podIPs: keep one String for both
          all.add(p.getIp() != null && p.getIp().equals(ip) ? ip : p.getIp());
        }
        ips = List.copyOf(all);
      } else if (ip != null) {
        ips = List.of(ip);
      }
      phase = PodPhase.parse(status.getPhase());
      for (V1PodCondition c : nullSafe(status.getConditions())) {
        if ("Ready".equals(c.getType())) {
          ready = "True".equals(c.getStatus());
        }
      }
      if (status.getStartTime() != null) {
        started = millis(status.getStartTime());
      }
    }
    List<ContainerPort> ports = new ArrayList<>();
    boolean hostNetwork = false;
    String nodeName = null;
    if (spec != null) {
      hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
      nodeName = spec.getNodeName();
      for (V1Container c : nullSafe(spec.getContainers())) {
        for (V1ContainerPort cp : nullSafe(c.getPorts())) {
          ports.add(interner.intern(new ContainerPort(interner.intern(cp.getName()),
              cp.getContainerPort(), protocol(cp.getProtocol()))));
        }
      }
    }
    return new PodInfo(interner.intern(meta.getNamespace()), meta.getName(), meta.getUid(), ip, ips,
        interner.intern(nodeName), phase, ready, meta.getDeletionTimestamp() != null, hostNetwork,
        interner.labels(meta.getLabels()), interner.list(ports), started,
        interner.intern(workload(meta)));
  }

  private static Workload workload(V1ObjectMeta meta) {
    for (V1OwnerReference o : nullSafe(meta.getOwnerReferences())) {
      if (Boolean.TRUE.equals(o.getController())) {
        return Workload.of(o.getKind(), o.getName(), meta.getLabels());
      }
    }
    return null;
  }

  public ServiceInfo service(V1Service svc) {
    V1ObjectMeta meta = svc.getMetadata();
    V1ServiceSpec spec = Objects.requireNonNullElseGet(svc.getSpec(), V1ServiceSpec::new);
    ServiceType type = ServiceType.parse(spec.getType());
    List<ServicePort> ports = new ArrayList<>();
    for (V1ServicePort p : nullSafe(spec.getPorts())) {
      IntOrString target = p.getTargetPort();
      String targetPort = target == null ? String.valueOf(p.getPort())
          : target.isInteger() ? String.valueOf(target.getIntValue()) : target.getStrValue();
      ports.add(new ServicePort(interner.intern(p.getName()), protocol(p.getProtocol()),
          p.getPort(), interner.intern(targetPort), p.getNodePort() == null ? 0 : p.getNodePort()));
    }
    List<String> ingress = new ArrayList<>();
    if (svc.getStatus() != null && svc.getStatus().getLoadBalancer() != null) {
      for (V1LoadBalancerIngress i : nullSafe(svc.getStatus().getLoadBalancer().getIngress())) {
        ingress.add(i.getIp() != null ? i.getIp() : i.getHostname());
      }
    }
    String affinity = spec.getSessionAffinity() == null ? "None" : spec.getSessionAffinity();
    int timeout = 0;
    if ("ClientIP".equals(affinity)) {
      timeout = DEFAULT_AFFINITY_TIMEOUT;
      if (spec.getSessionAffinityConfig() != null
          && spec.getSessionAffinityConfig().getClientIP() != null
          && spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds() != null) {
        timeout = spec.getSessionAffinityConfig().getClientIP().getTimeoutSeconds();
      }
    }
    Map<String, String> selector = spec.getSelector();
    String clusterIp = type == ServiceType.EXTERNAL_NAME ? null : spec.getClusterIP();
    return new ServiceInfo(interner.intern(meta.getNamespace()), meta.getName(), meta.getUid(), type,
        clusterIp, List.copyOf(nullSafe(spec.getClusterIPs())), spec.getExternalName(),
        List.copyOf(nullSafe(spec.getExternalIPs())), List.copyOf(ingress),
        selector == null || selector.isEmpty() ? null : interner.labels(selector),
        interner.list(ports), interner.intern(affinity), timeout,
        interner.intern(spec.getExternalTrafficPolicy()),
        interner.intern(spec.getInternalTrafficPolicy()));
  }

  public EndpointSliceInfo slice(V1EndpointSlice slice) {
    V1ObjectMeta meta = slice.getMetadata();
    Map<String, String> labels = meta.getLabels();
    String serviceName = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
    List<EndpointPort> ports = new ArrayList<>();
    for (DiscoveryV1EndpointPort p : nullSafe(slice.getPorts())) {
      if (p.getPort() != null) {
        ports.add(interner.intern(new EndpointPort(interner.intern(p.getName() == null ? ""
            : p.getName()), protocol(p.getProtocol()), p.getPort())));
      }
    }
    List<Endpoint> endpoints = new ArrayList<>();
    for (V1Endpoint e : nullSafe(slice.getEndpoints())) {
      V1EndpointConditions c = e.getConditions();
      // API defaults: unknown readiness counts as ready, serving follows ready, terminating false.
      boolean ready = c == null || c.getReady() == null || c.getReady();
      boolean serving = c == null || c.getServing() == null ? ready : c.getServing();
      boolean terminating = c != null && Boolean.TRUE.equals(c.getTerminating());
      V1ObjectReference ref = e.getTargetRef();
      boolean pod = ref != null && "Pod".equals(ref.getKind());
      endpoints.add(new Endpoint(List.copyOf(nullSafe(e.getAddresses())), ready, serving,
          terminating, interner.intern(e.getNodeName()),
          pod ? interner.intern(ref.getNamespace() == null ? meta.getNamespace() : ref.getNamespace())
              : null,
          pod ? ref.getName() : null));
    }
    return new EndpointSliceInfo(interner.intern(meta.getNamespace()), meta.getName(),
        interner.intern(serviceName), interner.intern(slice.getAddressType()),
        interner.list(ports), List.copyOf(endpoints));
  }

  private static String protocol(String p) {
    return p == null ? "TCP" : p;
  }

  static long millis(OffsetDateTime t) {
    return t == null ? 0 : t.toInstant().toEpochMilli();
  }

  private static <T> List<T> nullSafe(List<T> list) {
    return list == null ? List.of() : list;
  }
}
