package dev.switchboard.app.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster's slim objects and the indexes later stages ask through: pod by IP at a time, Service
 * by VIP:port, by NodePort, by load-balancer IP, endpoints of a Service. Not thread-safe: a
 * {@link ClusterStore} guards the live one; {@link #copy()} gives a private snapshot.
 */
public final class ClusterIndex {
  private final Map<ObjectKey, NamespaceInfo> namespaces;
  private final Map<ObjectKey, NodeInfo> nodes;
  private int podCount;
  private final Map<ObjectKey, ServiceInfo> services;
  private final Map<ObjectKey, EndpointSliceInfo> slices;
  private final Map<String, Map<ObjectKey, PodInfo>> podsByNamespace;
  private final PodsByLabel podsByLabel;
  private final Map<ObjectKey, Set<ObjectKey>> slicesByService;
  private final Map<String, List<ObjectKey>> servicesByIp;
  private final Map<String, ObjectKey> servicesByNodePort;
  private final IpHistory ipHistory;
  private final EndpointChanges endpointChanges;

  public ClusterIndex() {
    namespaces = new HashMap<>();
    nodes = new HashMap<>();
    services = new HashMap<>();
    slices = new HashMap<>();
    podsByNamespace = new HashMap<>();
    podsByLabel = new PodsByLabel();
    slicesByService = new HashMap<>();
    servicesByIp = new HashMap<>();
    servicesByNodePort = new HashMap<>();
    ipHistory = new IpHistory();
    endpointChanges = new EndpointChanges();
  }

  private ClusterIndex(ClusterIndex o) {
    namespaces = new HashMap<>(o.namespaces);
    nodes = new HashMap<>(o.nodes);
    podCount = o.podCount;
    services = new HashMap<>(o.services);
    slices = new HashMap<>(o.slices);
    podsByNamespace = new HashMap<>();
    o.podsByNamespace.forEach((ns, m) -> podsByNamespace.put(ns, new HashMap<>(m)));
    podsByLabel = o.podsByLabel.copy();
    slicesByService = new HashMap<>();
    o.slicesByService.forEach((k, s) -> slicesByService.put(k, new HashSet<>(s)));
    servicesByIp = new HashMap<>();
    o.servicesByIp.forEach((ip, l) -> servicesByIp.put(ip, new ArrayList<>(l)));
    servicesByNodePort = new HashMap<>(o.servicesByNodePort);
    ipHistory = o.ipHistory.copy();
    endpointChanges = o.endpointChanges.copy();
  }

  /** A private copy that later writes to this index do not change. */
  public ClusterIndex copy() {
    return new ClusterIndex(this);
  }

  // ---- writes: each returns whether anything changed ----

  boolean putNamespace(NamespaceInfo ns) {
    return !ns.equals(namespaces.put(ns.key(), ns));
  }

  boolean removeNamespace(ObjectKey key) {
    return namespaces.remove(key) != null;
  }

  boolean putNode(NodeInfo node) {
    return !node.equals(nodes.put(node.key(), node));
  }

  boolean removeNode(ObjectKey key) {
    return nodes.remove(key) != null;
  }

  boolean putPod(PodInfo pod, long atMillis) {
    ObjectKey key = pod.key();
    Map<ObjectKey, PodInfo> inNs = podsByNamespace.computeIfAbsent(pod.namespace(), k -> new HashMap<>());
    PodInfo old = inNs.get(key);
    if (pod.equals(old)) {
      return false;
    }
    inNs.put(key, pod);
    if (old == null) {
      podCount++;
      podsByLabel.add(pod);
    } else if (!old.labels().equals(pod.labels())) {
      podsByLabel.remove(old);
      podsByLabel.add(pod);
    }
    if (old != null && old.ownsIp() && (!pod.ownsIp() || !old.ip().equals(pod.ip())
        || !old.uid().equals(pod.uid()))) {
      ipHistory.release(old.ip(), old, atMillis);
    }
    if (pod.ownsIp()) {
      ipHistory.own(pod.ip(), pod, atMillis);
    }
    return true;
  }

  boolean removePod(ObjectKey key, long atMillis) {
    Map<ObjectKey, PodInfo> inNs = podsByNamespace.get(key.namespace());
    PodInfo old = inNs == null ? null : inNs.remove(key);
    if (old == null) {
      return false;
    }
    podCount--;
    podsByLabel.remove(old);
    if (inNs.isEmpty()) {
      podsByNamespace.remove(key.namespace());
    }
    if (old.ownsIp()) {
      ipHistory.release(old.ip(), old, atMillis);
    }
    return true;
  }

  boolean putService(ServiceInfo svc) {
    ServiceInfo old = services.put(svc.key(), svc);
    if (svc.equals(old)) {
      return false;
    }
    if (old != null) {
      unindexService(old);
    }
    indexService(svc);
    return true;
  }

  boolean removeService(ObjectKey key) {
    ServiceInfo old = services.remove(key);
    if (old == null) {
      return false;
    }
    unindexService(old);
    return true;
  }

  boolean putSlice(EndpointSliceInfo slice, long atMillis) {
    EndpointSliceInfo old = slices.put(slice.key(), slice);
    if (slice.equals(old)) {
      return false;
    }
    endpointChanges.sliceChanged(old, slice, atMillis);
    if (old != null && old.serviceKey() != null) {
      unlinkSlice(old);
    }
    if (slice.serviceKey() != null) {
      slicesByService.computeIfAbsent(slice.serviceKey(), k -> new HashSet<>()).add(slice.key());
    }
    return true;
  }

  boolean removeSlice(ObjectKey key, long atMillis) {
    EndpointSliceInfo old = slices.remove(key);
    if (old == null) {
      return false;
    }
    endpointChanges.sliceChanged(old, null, atMillis);
    if (old.serviceKey() != null) {
      unlinkSlice(old);
    }
    return true;
  }

  private void unlinkSlice(EndpointSliceInfo old) {
    Set<ObjectKey> set = slicesByService.get(old.serviceKey());
    if (set != null) {
      set.remove(old.key());
      if (set.isEmpty()) {
        slicesByService.remove(old.serviceKey());
      }
    }
  }

  private void indexService(ServiceInfo svc) {
    for (String ip : addressesOf(svc)) {
      servicesByIp.computeIfAbsent(ip, k -> new ArrayList<>(1)).add(svc.key());
    }
    for (ServicePort p : svc.ports()) {
      if (p.nodePort() > 0) {
        servicesByNodePort.put(nodePortKey(p.nodePort(), p.protocol()), svc.key());
      }
    }
  }

  private void unindexService(ServiceInfo svc) {
    for (String ip : addressesOf(svc)) {
      List<ObjectKey> list = servicesByIp.get(ip);
      if (list != null) {
        list.remove(svc.key());
        if (list.isEmpty()) {
          servicesByIp.remove(ip);
        }
      }
    }
    for (ServicePort p : svc.ports()) {
      if (p.nodePort() > 0) {
        servicesByNodePort.remove(nodePortKey(p.nodePort(), p.protocol()), svc.key());
      }
    }
  }

  private static List<String> addressesOf(ServiceInfo svc) {
    List<String> ips = new ArrayList<>();
    if (svc.hasVirtualIp()) {
      ips.addAll(svc.clusterIps().isEmpty() ? List.of(svc.clusterIp()) : svc.clusterIps());
    }
    ips.addAll(svc.externalIps());
    for (String ingress : svc.loadBalancerIngress()) {
      if (looksLikeIp(ingress)) {
        ips.add(ingress);
      }
    }
    return ips;
  }

  private static boolean looksLikeIp(String s) {
    return s.indexOf(':') >= 0 || (!s.isEmpty() && Character.isDigit(s.charAt(s.length() - 1)));
  }

  private static String nodePortKey(int nodePort, String protocol) {
    return nodePort + "/" + (protocol == null ? "TCP" : protocol.toUpperCase(java.util.Locale.ROOT));
  }

  // ---- reads ----

  public Collection<NamespaceInfo> namespaces() {
    return Collections.unmodifiableCollection(namespaces.values());
  }

  public Collection<NodeInfo> nodes() {
    return Collections.unmodifiableCollection(nodes.values());
  }

  /** Every pod, namespace by namespace; a view (pods are kept per namespace only). */
  public Collection<PodInfo> pods() {
    return new java.util.AbstractCollection<>() {
      @Override
      public java.util.Iterator<PodInfo> iterator() {
        return podsByNamespace.values().stream().flatMap(m -> m.values().stream()).iterator();
      }

      @Override
      public int size() {
        return podCount;
      }
    };
  }

  public Collection<ServiceInfo> services() {
    return Collections.unmodifiableCollection(services.values());
  }

  public Collection<EndpointSliceInfo> slices() {
    return Collections.unmodifiableCollection(slices.values());
  }

  public NodeInfo node(String name) {
    return nodes.get(ObjectKey.cluster(name));
  }

  public PodInfo pod(ObjectKey key) {
    Map<ObjectKey, PodInfo> inNs = podsByNamespace.get(key.namespace());
    return inNs == null ? null : inNs.get(key);
  }

  public ServiceInfo service(ObjectKey key) {
    return services.get(key);
  }

  public EndpointSliceInfo slice(ObjectKey key) {
    return slices.get(key);
  }

  public NamespaceInfo namespace(String name) {
    return namespaces.get(ObjectKey.cluster(name));
  }

  /** The namespaces that hold pods (without a pass over the pods). */
  public Set<String> podNamespaces() {
    return Collections.unmodifiableSet(podsByNamespace.keySet());
  }

  public Collection<PodInfo> podsIn(String namespace) {
    Map<ObjectKey, PodInfo> inNs = podsByNamespace.get(namespace);
    return inNs == null ? List.of() : Collections.unmodifiableCollection(inNs.values());
  }

  /** Pods of the Service's namespace its selector picks (none for a selector-less Service). */
  public List<PodInfo> selectedPods(ServiceInfo svc) {
    if (!svc.hasSelector()) {
      return List.of();
    }
    Map<ObjectKey, PodInfo> inNs = podsByNamespace.getOrDefault(svc.namespace(), Map.of());
    List<PodInfo> out = new ArrayList<>();
    for (ObjectKey k : podsByLabel.candidates(svc.namespace(), svc.selector())) {
      PodInfo p = inNs.get(k);
      if (p != null && p.matches(svc.selector())) {
        out.add(p);
      }
    }
    out.sort(Comparator.comparing(PodInfo::name));
    return out;
  }

  public List<EndpointSliceInfo> slicesOf(ObjectKey service) {
    Set<ObjectKey> keys = slicesByService.get(service);
    if (keys == null) {
      return List.of();
    }
    List<EndpointSliceInfo> out = new ArrayList<>(keys.size());
    for (ObjectKey k : keys) {
      out.add(slices.get(k));
    }
    out.sort(Comparator.comparing(EndpointSliceInfo::name));
    return out;
  }

  /**
   * Every (address, port) backend of the Service, merged across its slices; an address listed by
   * two slices (as during a slice handover) appears once, with the later slice's conditions.
   */
  public List<ResolvedEndpoint> endpointsOf(ServiceInfo svc) {
    Map<String, ResolvedEndpoint> merged = new LinkedHashMap<>();
    for (EndpointSliceInfo slice : slicesOf(svc.key())) {
      for (Endpoint e : slice.endpoints()) {
        for (EndpointPort p : slice.ports()) {
          for (String ip : e.addresses()) {
            ResolvedEndpoint r = new ResolvedEndpoint(ip, p.port(), p.name() == null ? "" : p.name(),
                p.protocol(), e.podNamespace(), e.podName(), e.nodeName(), e.ready(), e.serving(),
                e.terminating());
            merged.put(ip + "|" + p.port() + "|" + r.portName() + "|" + p.protocol(), r);
          }
        }
      }
    }
    List<ResolvedEndpoint> out = new ArrayList<>(merged.values());
    out.sort(Comparator.comparing(ResolvedEndpoint::portName).thenComparing(ResolvedEndpoint::ip)
        .thenComparingInt(ResolvedEndpoint::port));
    return out;
  }

  /**
   * Whether the API listed {@code ip:port} as a ready endpoint of {@code service} at
   * {@code atMillis}, judged from its state now and its last recorded change.
   */
  public EndpointListing endpointListing(ObjectKey service, String ip, int port, long atMillis) {
    boolean readyNow = services.containsKey(service) && readyEndpoint(service, ip, port);
    EndpointChanges.Change c = endpointChanges.lastChange(service, ip, port);
    if (c == null) {
      return readyNow ? EndpointListing.listed() : EndpointListing.notListed();
    }
    long delta = c.atMillis() - atMillis;
    if (readyNow) {
      return delta > 0 ? EndpointListing.notYetListed(delta) : EndpointListing.listed();
    }
    return delta <= 0 ? EndpointListing.removed(-delta) : EndpointListing.listed();
  }

  /** Whether a slice of the Service lists {@code ip:port} as ready (no merge, no sort). */
  private boolean readyEndpoint(ObjectKey service, String ip, int port) {
    Set<ObjectKey> keys = slicesByService.get(service);
    if (keys == null) {
      return false;
    }
    for (ObjectKey k : keys) {
      EndpointSliceInfo slice = slices.get(k);
      for (EndpointPort p : slice.ports()) {
        if (p.port() != port) {
          continue;
        }
        for (Endpoint e : slice.endpoints()) {
          if (e.ready() && e.addresses().contains(ip)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The pod that owned {@code ip} at {@code atMillis} (epoch ms), or null. */
  public PodInfo podByIp(String ip, long atMillis) {
    return ipHistory.ownerAt(ip, atMillis);
  }

  public List<IpTenure> ipTenures(String ip) {
    return ipHistory.tenures(ip);
  }

  public NodeInfo nodeByIp(String ip) {
    for (NodeInfo n : nodes.values()) {
      if (ip.equals(n.internalIp()) || ip.equals(n.externalIp())) {
        return n;
      }
    }
    return null;
  }

  /** The Service whose ClusterIP (or an external IP) and port a connection to ip:port reached. */
  public ServiceMatch serviceByVip(String ip, int port, String protocol) {
    List<ObjectKey> keys = servicesByIp.get(ip);
    if (keys == null) {
      return null;
    }
    for (ObjectKey k : keys) {
      ServiceInfo svc = services.get(k);
      for (ServicePort p : svc.ports()) {
        if (p.port() == port && p.protocol().equalsIgnoreCase(protocol)) {
          return new ServiceMatch(svc, p);
        }
      }
    }
    return null;
  }

  /** The Service a connection to any node address on {@code nodePort} reaches. */
  public ServiceMatch serviceByNodePort(int nodePort, String protocol) {
    ObjectKey k = servicesByNodePort.get(nodePortKey(nodePort, protocol));
    ServiceInfo svc = k == null ? null : services.get(k);
    if (svc == null) {
      return null;
    }
    for (ServicePort p : svc.ports()) {
      if (p.nodePort() == nodePort && p.protocol().equalsIgnoreCase(protocol)) {
        return new ServiceMatch(svc, p);
      }
    }
    return null;
  }

  /** The LoadBalancer Service whose ingress IP and port a connection reached. */
  public ServiceMatch serviceByLoadBalancerIp(String ip, int port, String protocol) {
    ServiceMatch m = serviceByVip(ip, port, protocol);
    return m != null && m.service().loadBalancerIngress().contains(ip) ? m : null;
  }
}
