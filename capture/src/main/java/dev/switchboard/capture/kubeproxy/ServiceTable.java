package dev.switchboard.capture.kubeproxy;

import dev.switchboard.capture.event.ServiceRule;
import dev.switchboard.capture.event.ServiceRule.Backend;
import dev.switchboard.capture.event.ServiceRule.Frontend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects what a reader learns about each Service port (frontends, backends in rule order,
 * affinity, reject) and builds the {@link ServiceRule}s. Shared by the three readers. Not
 * thread-safe: one per parse.
 */
final class ServiceTable {
  private static final class Entry {
    String protocol;
    final Set<Frontend> frontends = new LinkedHashSet<>();
    final List<Backend> backends = new ArrayList<>();
    String scheduler = "random";
    int affinity;
    boolean rejects;
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>();

  private Entry entry(String service, String protocol) {
    Entry e = entries.computeIfAbsent(service, s -> new Entry());
    if (e.protocol == null && protocol != null) {
      e.protocol = protocol.toUpperCase(java.util.Locale.ROOT);
    }
    return e;
  }

  void frontend(String service, String protocol, String kind, String ip, int port) {
    entry(service, protocol).frontends.add(new Frontend(kind, ip, port));
  }

  void backends(String service, String protocol, List<Backend> backends) {
    Entry e = entry(service, protocol);
    if (e.backends.isEmpty()) {
      e.backends.addAll(backends);
    }
  }

  void markLocal(String service, Set<String> localEndpoints) {
    Entry e = entries.get(service);
    if (e == null) {
      return;
    }
    e.backends.replaceAll(b -> localEndpoints.contains(b.ip() + ":" + b.port())
        ? new Backend(b.ip(), b.port(), b.probability(), b.weight(), b.rule(), true) : b);
  }

  void affinity(String service, int seconds) {
    entry(service, null).affinity = seconds;
  }

  void scheduler(String service, String scheduler) {
    entry(service, null).scheduler = scheduler;
  }

  void rejects(String service, String protocol) {
    entry(service, protocol).rejects = true;
  }

  List<ServiceRule> build() {
    List<ServiceRule> out = new ArrayList<>();
    entries.forEach((name, e) -> out.add(new ServiceRule(name, e.protocol == null ? "TCP"
        : e.protocol, List.copyOf(e.frontends), e.scheduler, e.affinity, e.rejects,
        List.copyOf(e.backends))));
    out.sort(java.util.Comparator.comparing(ServiceRule::service).thenComparing(ServiceRule::protocol));
    return out;
  }

  /**
   * Chances of a cascade of "match with probability p, else fall through" rules, as kube-proxy
   * writes them (iptables statistic): rule i is taken with p_i × Π(1 − p_j) over the rules before
   * it; a rule without a probability takes what is left.
   *
   * @param probabilities one per rule, NaN for "always"
   */
  static double[] cascade(double[] probabilities) {
    double[] out = new double[probabilities.length];
    double left = 1;
    for (int i = 0; i < probabilities.length; i++) {
      double p = Double.isNaN(probabilities[i]) ? 1 : probabilities[i];
      out[i] = round(left * p);
      left *= 1 - p;
    }
    return out;
  }

  static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
