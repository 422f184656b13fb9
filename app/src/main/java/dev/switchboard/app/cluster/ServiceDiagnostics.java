package dev.switchboard.app.cluster;

import dev.switchboard.app.cluster.Diagnostic.Severity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Finds what is wrong with a Service and says the likely cause: no endpoints (selector matches no
 * pod, naming the nearest label mismatch; or pods not ready), a targetPort no selected pod
 * declares, a LoadBalancer still pending. Pure function of a {@link ClusterIndex}; any thread that
 * owns the index it reads.
 */
public final class ServiceDiagnostics {
  private static final int MAX_NAMED = 3;

  private ServiceDiagnostics() {}

  public static List<Diagnostic> diagnose(ServiceInfo svc, ClusterIndex index) {
    List<Diagnostic> out = new ArrayList<>();
    if (svc.type() == ServiceType.EXTERNAL_NAME) {
      return out;
    }
    List<ResolvedEndpoint> endpoints = index.endpointsOf(svc);
    List<PodInfo> selected = index.selectedPods(svc);
    long ready = endpoints.stream().filter(ResolvedEndpoint::ready).count();
    if (ready == 0) {
      out.add(new Diagnostic(Diagnostic.NO_ENDPOINTS, Severity.ERROR, noEndpointsCause(svc, index,
          selected, endpoints)));
    }
    long terminating = endpoints.stream().filter(ResolvedEndpoint::terminating).count();
    if (terminating > 0) {
      out.add(new Diagnostic(Diagnostic.ENDPOINTS_TERMINATING, Severity.INFO, terminating
          + " endpoint(s) terminating: kube-proxy sends them no new connections while others are ready"));
    }
    checkTargetPorts(svc, selected, out);
    if (svc.type() == ServiceType.LOAD_BALANCER && svc.loadBalancerIngress().isEmpty()) {
      out.add(new Diagnostic(Diagnostic.LOAD_BALANCER_PENDING, Severity.WARNING,
          "LoadBalancer pending: no load-balancer controller has assigned an external address"
              + " (clouds do this; bare-metal clusters need one such as MetalLB). Its NodePorts"
              + " work meanwhile"));
    }
    return out;
  }

  private static String noEndpointsCause(ServiceInfo svc, ClusterIndex index,
      List<PodInfo> selected, List<ResolvedEndpoint> endpoints) {
    if (!svc.hasSelector()) {
      return "no endpoints: the Service has no selector and no EndpointSlice labelled"
          + " kubernetes.io/service-name=" + svc.name() + " lists a ready address";
    }
    String sel = formatLabels(svc.selector());
    if (selected.isEmpty()) {
      return "no endpoints: selector " + sel + " matches no pod in namespace " + svc.namespace()
          + nearestMismatch(svc, index.podsIn(svc.namespace()));
    }
    List<PodInfo> running = selected.stream().filter(p -> !p.phase().finished()).toList();
    List<PodInfo> notReady = running.stream().filter(p -> !p.ready()).toList();
    if (!notReady.isEmpty() && notReady.size() == running.size()) {
      return "no endpoints: " + selected.size() + " pod(s) match " + sel + " but none is Ready ("
          + notReady.stream().limit(MAX_NAMED).map(p -> p.name() + ": " + p.phase().apiName()
              + (p.terminating() ? ", terminating" : ", not ready"))
          .collect(Collectors.joining("; ")) + ")";
    }
    if (running.isEmpty()) {
      return "no endpoints: the " + selected.size() + " pod(s) matching " + sel
          + " have all finished (Succeeded/Failed)";
    }
    if (!endpoints.isEmpty()) {
      return "no endpoints ready: the EndpointSlices list " + endpoints.size()
          + " address(es), none ready";
    }
    return "no endpoints: pods match " + sel + " and are Ready, but no EndpointSlice lists them"
        + " yet (endpoint controller lag, or a named targetPort no container defines)";
  }

  private static String nearestMismatch(ServiceInfo svc, Collection<PodInfo> candidates) {
    PodInfo best = null;
    LabelDistance.Result bestResult = null;
    for (PodInfo p : candidates) {
      LabelDistance.Result r = LabelDistance.between(svc.selector(), p.labels());
      if (bestResult == null || r.cost() < bestResult.cost()
          || (r.cost() == bestResult.cost() && p.name().compareTo(best.name()) < 0)) {
        best = p;
        bestResult = r;
      }
    }
    int selectorChars = svc.selector().entrySet().stream()
        .mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
    if (best == null) {
      return "; the namespace has no pods";
    }
    if (bestResult.cost() > Math.max(2, selectorChars / 3)) {
      return "; no pod there has labels close to it";
    }
    PodInfo nearest = best;
    long alike = candidates.stream().filter(p -> p.labels().equals(nearest.labels())).count();
    String who = alike > 1 ? nearest.name() + " and " + (alike - 1) + " other pod(s) with the same labels"
        : nearest.name();
    return "; nearest: " + who + " — " + bestResult.mismatches().stream()
        .map(LabelDistance.Mismatch::toString).collect(Collectors.joining(", "))
        + ". Likely a typo in the selector or the pod labels";
  }

  private static void checkTargetPorts(ServiceInfo svc, List<PodInfo> selected,
      List<Diagnostic> out) {
    List<PodInfo> declaring = selected.stream().filter(p -> !p.ports().isEmpty()).toList();
    if (declaring.isEmpty()) {
      return; // containerPorts are optional: with none declared there is nothing to check against
    }
    for (ServicePort sp : svc.ports()) {
      if (sp.namedTarget()) {
        boolean known = declaring.stream().anyMatch(p -> p.portNamed(sp.targetPort()) != null);
        if (!known) {
          out.add(new Diagnostic(Diagnostic.TARGET_PORT_NAME_UNKNOWN, Severity.ERROR,
              portLabel(sp) + ": targetPort \"" + sp.targetPort() + "\" names no container port of"
                  + " the selected pods (they declare " + declared(declaring) + "); they get no"
                  + " endpoint for this port"));
        }
        continue;
      }
      int target = sp.targetNumber();
      // Number only: pods often declare a DNS-style port once (UDP) yet listen on both protocols.
      boolean declared = declaring.stream()
          .anyMatch(p -> p.ports().stream().anyMatch(cp -> cp.port() == target));
      if (!declared) {
        out.add(new Diagnostic(Diagnostic.TARGET_PORT_UNMATCHED, Severity.ERROR,
            portLabel(sp) + ": targetPort " + target + " matches no containerPort of the selected"
                + " pods (they declare " + declared(declaring) + "); connections are likely"
                + " refused"));
      }
    }
  }

  private static String portLabel(ServicePort sp) {
    return "port " + (sp.name() == null ? "" : sp.name() + " ") + sp.port() + "/" + sp.protocol();
  }

  private static String declared(List<PodInfo> pods) {
    TreeSet<String> ports = new TreeSet<>();
    for (PodInfo p : pods) {
      for (ContainerPort cp : p.ports()) {
        ports.add(cp.port() + (cp.name() == null ? "" : "/" + cp.name()));
      }
    }
    return String.join(", ", ports);
  }

  static String formatLabels(Map<String, String> labels) {
    return labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
  }

  /** Sort order used wherever diagnostics are listed: errors first. */
  public static final Comparator<Diagnostic> BY_SEVERITY = Comparator.comparing(Diagnostic::severity);
}
