package dev.switchboard.app.trace;

import dev.switchboard.app.cluster.ContainerPort;
import dev.switchboard.app.cluster.NodeInfo;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.ServiceInfo;
import dev.switchboard.app.cluster.ServiceMatch;
import dev.switchboard.app.cluster.ServicePort;
import dev.switchboard.app.cluster.ServiceType;
import dev.switchboard.capture.event.DnsLookup;
import dev.switchboard.capture.event.Endpoint;
import dev.switchboard.capture.event.ServiceRule;
import dev.switchboard.capture.event.Translated;
import java.util.List;
import java.util.Map;

/**
 * Builds a finished connection's trace: who the ends were at the connection's time, which lookup
 * gave the client the address, which Service and rule it met, where it went and how sure each of
 * those is. Owned by the correlation thread.
 */
final class TraceAssembler {
  /** How long after a connection a reading of the rules may still explain it. */
  private static final long NEXT_READING_NANOS = 3_000_000_000L;
  private final ClusterLookups cluster;
  private final DnsMemory dns;
  private final RuleBook rules;
  private final Map<String, String> proxyNotes;
  private final AffinityMemory affinity = new AffinityMemory();
  private final DecisionExplainer explain = new DecisionExplainer();

  TraceAssembler(ClusterLookups cluster, DnsMemory dns, RuleBook rules,
      Map<String, String> proxyNotes) {
    this.cluster = cluster;
    this.dns = dns;
    this.rules = rules;
    this.proxyNotes = proxyNotes;
  }

  /** The finished connection's trace; claims its DNS lookup and records its affinity. */
  ConnectionTrace assemble(PendingConnection p) {
    return assemble(p, false);
  }

  /**
   * The trace so far of a connection still open (outcome "open"), changing nothing: the lookup
   * stays unclaimed and the affinity unrecorded until the connection ends.
   */
  ConnectionTrace preview(PendingConnection p) {
    return assemble(p, true);
  }

  private ConnectionTrace assemble(PendingConnection p, boolean preview) {
    long at = p.startedAtNanos();
    long atMillis = at / 1_000_000L;
    Endpoint client = p.client();
    Endpoint dialled = p.dialled();
    Translated nat = p.translated;
    Peer dialledPeer = peer(dialled, atMillis);
    DnsLookup lookup = preview ? dns.peek(client.ip(), dialled.ip(), at)
        : dns.claim(client.ip(), dialled.ip(), at);
    String ruleNode = nat != null ? nat.node() : p.firstNode();
    boolean toNodeAddress = dialledPeer.podName() == null
        && (dialledPeer.node() != null || nat != null);
    RuleBook.Match match = rules.match(ruleNode, dialled, p.protocol, at, toNodeAddress);
    if (nat != null && (match == null || !match.lists(nat.translatedDestination()))) {
      RuleBook.Match next = rules.matchNext(ruleNode, dialled, p.protocol, at, toNodeAddress,
          NEXT_READING_NANOS);
      if (next != null && next.lists(nat.translatedDestination())) {
        match = next;
      }
    }
    ServiceStage service = match != null ? fromRule(match, dialled, dialledPeer, p.protocol)
        : fromCluster(dialled, dialledPeer, p.protocol, lookup, atMillis);
    String outcome = p.closed != null ? p.closed.outcome() : preview ? "open" : "unfinished";
    DecisionStage decision = null;
    BackendStage backend;
    Peer natTarget = nat == null ? null : peer(nat.translatedDestination(), atMillis);
    if (match != null) {
      decision = decide(match, client, nat, outcome, at, preview,
          externalToLocal(match, peer(client, atMillis)));
      backend = natTarget != null ? new BackendStage(natTarget, nat.source(), Evidence.OBSERVED)
          : decision.evidence() == Evidence.INFERRED && !match.rule().rejects()
              ? new BackendStage(peer(onlyBackend(match.rule()), atMillis), "rules",
                  Evidence.INFERRED)
              : new BackendStage(null, null, Evidence.UNKNOWN);
    } else if (natTarget != null) {
      backend = new BackendStage(natTarget, nat.source(), Evidence.OBSERVED);
      decision = service == null ? null : withoutRules(ruleNode, dialled, Evidence.UNKNOWN);
    } else if (service == null || service.via().equals("headless")
        || service.via().equals("externalName")) {
      boolean known = dialledPeer.podName() != null || service != null;
      backend = new BackendStage(dialledPeer, "direct",
          known ? Evidence.OBSERVED : Evidence.INFERRED);
    } else {
      decision = withoutRules(ruleNode, dialled, Evidence.UNKNOWN);
      backend = new BackendStage(null, null, Evidence.UNKNOWN);
    }
    if (natTarget != null && service != null && service.namespace() != null) {
      backend = backend.withListing(cluster.endpointListing(service.namespace(), service.name(),
          natTarget.ip(), natTarget.port(), atMillis));
    }
    Peer snat = nat != null && !nat.translatedClient().equals(nat.client())
        ? peer(nat.translatedClient(), atMillis) : null;
    int nodePort = service != null && service.via().equals("nodePort") ? dialled.port() : 0;
    return new ConnectionTrace(p.id(), List.copyOf(p.nodes), p.protocol, peer(client, atMillis),
        lookup == null ? null : dnsStage(lookup), dialledPeer, nodePort, snat, service, decision,
        backend, outcome, at, p.closed != null ? p.closed.durationNanos() : -1,
        p.closed != null ? p.closed.handshakeNanos() : -1);
  }

  /**
   * Whether the connection came from outside the cluster to a node port, load-balancer or
   * external IP of a Service with externalTrafficPolicy Local: kube-proxy's rules then choose
   * among this node's backends only (its KUBE-SVL chain), at random.
   */
  private static boolean externalToLocal(RuleBook.Match match, Peer client) {
    String kind = match.frontend() == null ? "" : match.frontend().kind();
    return client.podName() == null && !kind.equals("clusterIP")
        && match.rule().backends().stream().anyMatch(ServiceRule.Backend::local);
  }

  private DecisionStage decide(RuleBook.Match match, Endpoint client, Translated nat,
      String outcome, long at, boolean preview, boolean externalToLocal) {
    ServiceRule rule = match.rule();
    int n = rule.backends().size();
    if (nat != null) {
      Endpoint to = nat.translatedDestination();
      for (ServiceRule.Backend b : rule.backends()) {
        if (b.ip().equals(to.ip()) && b.port() == to.port()) {
          long reuse = rule.affinitySeconds() > 0 && !preview ? affinity.reuse(client.ip(),
              rule.service(), to.toString(), at, rule.affinitySeconds()) : -1;
          // a reading after the connection describes the rules it met only as far as nothing
          // else changed in between
          Evidence seen = match.later() ? Evidence.INFERRED : Evidence.OBSERVED;
          String readAfter = match.later() ? explain.readAfter(match, at) : "";
          if (externalToLocal && b.local()) {
            int local = (int) rule.backends().stream().filter(ServiceRule.Backend::local).count();
            return new DecisionStage(match.mode(), b.rule(), 1.0 / local, local,
                rule.affinitySeconds(), explain.chosenLocal(match, b, local) + readAfter, seen,
                rule.backends());
          }
          return new DecisionStage(match.mode(), b.rule(), b.probability(), n,
              rule.affinitySeconds(), explain.chosen(match, b, client, reuse) + readAfter, seen,
              rule.backends());
        }
      }
      return new DecisionStage(match.mode(), null, -1, n, rule.affinitySeconds(),
          explain.notListed(match, to, at), Evidence.UNKNOWN, rule.backends());
    }
    if (rule.rejects()) {
      return new DecisionStage(match.mode(), null, -1, 0, rule.affinitySeconds(),
          explain.rejected(match, outcome),
          outcome.equals("rejected") ? Evidence.OBSERVED : Evidence.INFERRED, List.of());
    }
    if (n == 1) {
      ServiceRule.Backend b = rule.backends().get(0);
      return new DecisionStage(match.mode(), b.rule(), b.probability(), 1,
          rule.affinitySeconds(), explain.onlyBackend(match), Evidence.INFERRED, rule.backends());
    }
    return new DecisionStage(match.mode(), null, -1, n, rule.affinitySeconds(),
        explain.notSeen(match), Evidence.UNKNOWN, rule.backends());
  }

  private static Endpoint onlyBackend(ServiceRule rule) {
    ServiceRule.Backend b = rule.backends().get(0);
    return new Endpoint(b.ip(), b.port());
  }

  private DecisionStage withoutRules(String node, Endpoint dialled, Evidence evidence) {
    String note = proxyNotes.get(node);
    String why = note != null ? node + " has no kube-proxy rules: " + note
        : rules.has(node) ? node + "'s kube-proxy rules have no entry for " + dialled
            : node + " has not sent its kube-proxy rules";
    return new DecisionStage("unknown", null, -1, 0, 0, why, evidence, List.of());
  }

  /** The Service the node's rules name for this frontend. */
  private ServiceStage fromRule(RuleBook.Match match, Endpoint dialled, Peer dialledPeer,
      String protocol) {
    String named = match.rule().service();
    int slash = named.indexOf('/');
    String via = match.frontend().kind();
    if (slash < 0 || via.equals("virtualServer")) {
      return fromCluster(dialled, dialledPeer, protocol, null, 0);
    }
    int colon = named.indexOf(':', slash);
    String namespace = named.substring(0, slash);
    String name = colon < 0 ? named.substring(slash + 1) : named.substring(slash + 1, colon);
    String portName = colon < 0 ? null : named.substring(colon + 1);
    int port = via.equals("nodePort") ? servicePortOf(namespace, name, portName)
        : match.frontend().port();
    return new ServiceStage(namespace, name, portName, port, via, Evidence.OBSERVED);
  }

  private int servicePortOf(String namespace, String name, String portName) {
    ServiceInfo svc = cluster.service(namespace, name);
    if (svc == null) {
      return 0;
    }
    for (ServicePort sp : svc.ports()) {
      if (portName == null ? sp.name() == null || svc.ports().size() == 1
          : portName.equals(sp.name())) {
        return sp.port();
      }
    }
    return 0;
  }

  /** The Service cluster state says this address reaches, or the one DNS named. */
  private ServiceStage fromCluster(Endpoint dialled, Peer dialledPeer, String protocol,
      DnsLookup lookup, long atMillis) {
    ServiceMatch m = cluster.serviceByLoadBalancerIp(dialled.ip(), dialled.port(), protocol);
    String via = "loadBalancer";
    if (m == null) {
      m = cluster.serviceByVip(dialled.ip(), dialled.port(), protocol);
      via = m != null && !m.service().clusterIps().contains(dialled.ip())
          && !dialled.ip().equals(m.service().clusterIp()) ? "externalIP" : "clusterIP";
    }
    if (m == null && dialledPeer.node() != null && dialledPeer.podName() == null) {
      m = cluster.serviceByNodePort(dialled.port(), protocol);
      via = "nodePort";
    }
    if (m != null) {
      return stage(m.service(), m.port(), via);
    }
    return lookup == null ? null : fromDnsName(lookup, dialled, atMillis);
  }

  /** A headless or ExternalName Service, known by the name the client looked up. */
  private ServiceStage fromDnsName(DnsLookup lookup, Endpoint dialled, long atMillis) {
    String[] labels = lookup.name().split("\\.");
    for (int i = 2; i < labels.length; i++) {
      if (!labels[i].equals("svc")) {
        continue;
      }
      ServiceInfo svc = cluster.service(labels[i - 1], labels[i - 2]);
      if (svc == null) {
        return null;
      }
      if (svc.type() == ServiceType.EXTERNAL_NAME) {
        return stage(svc, portNumbered(svc, dialled.port()), "externalName");
      }
      if (svc.headless()) {
        return stage(svc, portTargeting(svc, dialled, atMillis), "headless");
      }
      return null;
    }
    return null;
  }

  private static ServicePort portNumbered(ServiceInfo svc, int port) {
    for (ServicePort sp : svc.ports()) {
      if (sp.port() == port) {
        return sp;
      }
    }
    return null;
  }

  /** The Service port whose targetPort leads to {@code port} on the dialled pod. */
  private ServicePort portTargeting(ServiceInfo svc, Endpoint dialled, long atMillis) {
    PodInfo owner = cluster.podAt(dialled.ip(), atMillis);
    for (ServicePort sp : svc.ports()) {
      if (!sp.namedTarget() && sp.targetNumber() == dialled.port()) {
        return sp;
      }
      ContainerPort cp = sp.namedTarget() && owner != null ? owner.portNamed(sp.targetPort()) : null;
      if (cp != null && cp.port() == dialled.port()) {
        return sp;
      }
    }
    return null;
  }

  private static ServiceStage stage(ServiceInfo svc, ServicePort port, String via) {
    return new ServiceStage(svc.namespace(), svc.name(), port == null ? null : port.name(),
        port == null ? 0 : port.port(), via, Evidence.INFERRED);
  }

  private Peer peer(Endpoint e, long atMillis) {
    PodInfo pod = cluster.podAt(e.ip(), atMillis);
    if (pod != null) {
      return new Peer(e.ip(), e.port(), pod.namespace(), pod.name(), pod.nodeName());
    }
    NodeInfo node = cluster.nodeByIp(e.ip());
    return new Peer(e.ip(), e.port(), null, null, node == null ? null : node.name());
  }

  private static DnsStage dnsStage(DnsLookup l) {
    return new DnsStage(l.name(), l.addresses(), l.cnames(), l.timestampNanos(), l.latencyNanos(),
        l.server() == null ? null : l.server().toString(),
        l.answeredBy() == null ? null : l.answeredBy().toString(), l.attempts().size(),
        Evidence.OBSERVED);
  }
}
