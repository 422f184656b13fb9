package dev.switchboard.capture.kubeproxy;

import dev.switchboard.capture.event.ServiceRule;
import dev.switchboard.capture.event.ServiceRule.Backend;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads kube-proxy's iptables mode from {@code iptables-save} output: Service frontends from
 * KUBE-SERVICES (cluster, external and load-balancer IPs) and KUBE-NODEPORTS; each KUBE-SVC-*
 * chain's cascade of {@code statistic --probability} rules into per-backend chances; ClientIP
 * affinity from {@code recent --rcheck --seconds}; the DNAT target of each KUBE-SEP-*;
 * externalTrafficPolicy Local backends from KUBE-SVL-*; and the filter table's REJECT for
 * Services without endpoints. Pure; any thread.
 */
public final class IptablesRules {
  private record Rule(String chain, List<String> args, int line) {
    String opt(String name) {
      int i = args.indexOf(name);
      return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
    }

    String target() {
      return opt("-j");
    }

    boolean has(String token) {
      return args.contains(token);
    }

    String text() {
      return String.join(" ", args);
    }
  }

  private IptablesRules() {}

  public static List<ServiceRule> parse(String iptablesSave) throws RuleFormatException {
    Map<String, Map<String, List<Rule>>> tables = new HashMap<>();
    String table = null;
    String[] lines = iptablesSave.split("\n");
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.startsWith("*")) {
        table = line.substring(1);
      } else if (line.startsWith("-A ")) {
        if (table == null) {
          throw new RuleFormatException("line " + (n + 1) + ": rule outside a table");
        }
        List<String> tokens = tokenize(line, n + 1);
        String chain = tokens.get(1);
        tables.computeIfAbsent(table, t -> new HashMap<>()).computeIfAbsent(chain,
            c -> new ArrayList<>()).add(new Rule(chain, tokens.subList(2, tokens.size()), n + 1));
      }
    }
    Map<String, List<Rule>> nat = tables.getOrDefault("nat", Map.of());
    Map<String, List<Rule>> filter = tables.getOrDefault("filter", Map.of());
    ServiceTable services = new ServiceTable();
    Map<String, String> svcChainOf = new HashMap<>();
    Map<String, String> localChainOf = new HashMap<>();

    for (Rule r : nat.getOrDefault("KUBE-SERVICES", List.of())) {
      String comment = r.opt("--comment");
      String target = r.target();
      if (comment == null || target == null || r.opt("-d") == null) {
        continue;
      }
      String[] named = serviceAndKind(comment);
      if (named == null) {
        continue;
      }
      services.frontend(named[0], r.opt("-p"), named[1], stripMask(r.opt("-d")),
          Integer.parseInt(r.opt("--dport")));
      String svc = serviceChain(target, nat);
      if (svc != null) {
        svcChainOf.putIfAbsent(named[0], svc);
      }
    }
    for (Rule r : nat.getOrDefault("KUBE-NODEPORTS", List.of())) {
      String comment = r.opt("--comment");
      String target = r.target();
      if (comment == null || r.opt("--dport") == null || target == null
          || !(target.startsWith("KUBE-EXT-") || target.startsWith("KUBE-SVC-"))) {
        continue;
      }
      services.frontend(comment, r.opt("-p"), "nodePort", "*", Integer.parseInt(r.opt("--dport")));
      String svc = serviceChain(target, nat);
      if (svc != null) {
        svcChainOf.putIfAbsent(comment, svc);
      }
      String local = localChain(target, nat);
      if (local != null) {
        localChainOf.put(comment, local);
      }
    }
    svcChainOf.forEach((service, chain) ->
        services.backends(service, null, backends(chain, nat, services, service)));
    // externalTrafficPolicy Local: external traffic only reaches the backends on this node
    localChainOf.forEach((service, chain) -> {
      Set<String> endpoints = new HashSet<>();
      for (Backend b : backends(chain, nat, services, service)) {
        endpoints.add(b.ip() + ":" + b.port());
      }
      services.markLocal(service, endpoints);
    });
    for (String chain : List.of("KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-NODEPORTS")) {
      for (Rule r : filter.getOrDefault(chain, List.of())) {
        String comment = r.opt("--comment");
        if (!"REJECT".equals(r.target()) || comment == null) {
          continue;
        }
        int cut = comment.indexOf(" has no ");
        if (cut < 0) {
          continue;
        }
        String service = comment.substring(0, cut);
        services.rejects(service, r.opt("-p"));
        if (r.opt("-d") != null && r.opt("--dport") != null) {
          String kind = chain.equals("KUBE-SERVICES") ? "clusterIP" : "externalIP";
          services.frontend(service, r.opt("-p"), kind, stripMask(r.opt("-d")),
              Integer.parseInt(r.opt("--dport")));
        } else if (r.opt("--dport") != null) {
          services.frontend(service, r.opt("-p"), "nodePort", "*", Integer.parseInt(r.opt("--dport")));
        }
      }
    }
    return services.build();
  }

  /** "ns/svc:port cluster IP" → {"ns/svc:port", "clusterIP"}; null for other comments. */
  private static String[] serviceAndKind(String comment) {
    String[][] suffixes = {{" cluster IP", "clusterIP"}, {" external IP", "externalIP"},
        {" loadbalancer IP", "loadBalancer"}};
    for (String[] s : suffixes) {
      if (comment.endsWith(s[0])) {
        return new String[] {comment.substring(0, comment.length() - s[0].length()), s[1]};
      }
    }
    return null;
  }

  /** Follows KUBE-EXT- and KUBE-FW- jumps to the Service's cluster-wide KUBE-SVC- chain. */
  private static String serviceChain(String chain, Map<String, List<Rule>> nat) {
    for (int depth = 0; depth < 4 && chain != null; depth++) {
      if (chain.startsWith("KUBE-SVC-")) {
        return chain;
      }
      String next = null;
      for (Rule r : nat.getOrDefault(chain, List.of())) {
        String t = r.target();
        if (t != null && (t.startsWith("KUBE-SVC-") || t.startsWith("KUBE-EXT-")
            || t.startsWith("KUBE-FW-"))) {
          next = t;
          if (t.startsWith("KUBE-SVC-")) {
            break;
          }
        }
      }
      chain = next;
    }
    return null;
  }

  /** The KUBE-SVL-* (local endpoints only) chain an external chain ends in, if any. */
  private static String localChain(String chain, Map<String, List<Rule>> nat) {
    for (Rule r : nat.getOrDefault(chain, List.of())) {
      if (r.target() != null && r.target().startsWith("KUBE-SVL-")) {
        return r.target();
      }
    }
    return null;
  }

  private static List<Backend> backends(String svcChain, Map<String, List<Rule>> nat,
      ServiceTable services, String service) {
    List<Rule> picks = new ArrayList<>();
    List<Double> probabilities = new ArrayList<>();
    for (Rule r : nat.getOrDefault(svcChain, List.of())) {
      String t = r.target();
      if (t == null || !t.startsWith("KUBE-SEP-")) {
        continue;
      }
      if (r.has("--rcheck")) {
        String seconds = r.opt("--seconds");
        if (seconds != null) {
          services.affinity(service, Integer.parseInt(seconds));
        }
        continue; // affinity re-check: sends a known client back to its backend, not a draw
      }
      String p = r.opt("--probability");
      picks.add(r);
      probabilities.add(p == null ? Double.NaN : Double.parseDouble(p));
    }
    double[] chances = ServiceTable.cascade(probabilities.stream().mapToDouble(Double::doubleValue)
        .toArray());
    List<Backend> out = new ArrayList<>();
    for (int i = 0; i < picks.size(); i++) {
      Rule r = picks.get(i);
      String dest = dnatTarget(r.target(), nat);
      if (dest == null) {
        continue;
      }
      int colon = dest.lastIndexOf(':');
      out.add(new Backend(dest.substring(0, colon), Integer.parseInt(dest.substring(colon + 1)),
          chances[i], 1, svcChain + " rule " + (i + 1) + ": " + r.text(), false));
    }
    return out;
  }

  private static String dnatTarget(String sepChain, Map<String, List<Rule>> nat) {
    for (Rule r : nat.getOrDefault(sepChain, List.of())) {
      if ("DNAT".equals(r.target())) {
        return r.opt("--to-destination");
      }
    }
    return null;
  }

  private static String stripMask(String cidr) {
    int slash = cidr.indexOf('/');
    return slash < 0 ? cidr : cidr.substring(0, slash);
  }

  /** Splits a rule line on spaces, keeping "double quoted" words (with \" escapes) whole. */
  static List<String> tokenize(String line, int lineNo) throws RuleFormatException {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < line.length()) {
          cur.append(line.charAt(++i));
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        any = true;
      } else if (c == ' ' || c == '\t') {
        if (any || cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
          any = false;
        }
      } else {
        cur.append(c);
      }
    }
    if (quoted) {
      throw new RuleFormatException("line " + lineNo + ": unterminated quote");
    }
    if (any || cur.length() > 0) {
      out.add(cur.toString());
    }
    if (out.size() < 2) {
      throw new RuleFormatException("line " + lineNo + ": rule without a chain");
    }
    return out;
  }
}
