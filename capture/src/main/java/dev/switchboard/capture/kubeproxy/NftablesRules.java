package dev.switchboard.capture.kubeproxy;

import dev.switchboard.capture.event.ServiceRule.Backend;
import dev.switchboard.capture.event.ServiceRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads kube-proxy's nftables mode from {@code nft list table ip kube-proxy} (or ip6): the
 * {@code service-ips} and {@code service-nodeports} verdict maps give frontends, each
 * {@code service-*} chain's {@code numgen random mod N vmap} gives N equally likely endpoint
 * chains, whose {@code dnat to} gives the backend; {@code ip saddr @affinity-*} rules and their
 * set's timeout give ClientIP affinity; {@code no-endpoint-*} maps mark Services that reject.
 * In this mode external and load-balancer IPs share one map, so both are reported as
 * "externalIP". Pure; any thread.
 */
public final class NftablesRules {
  private static final Pattern BLOCK = Pattern.compile("^\\s*(chain|map|set)\\s+(\\S+)\\s*\\{\\s*$");
  private static final Pattern SERVICE_CHAIN = Pattern.compile("^(?:service|external)-[A-Z0-9]+-(.+)/([a-z]+)/([^/]*)$");
  private static final Pattern GOTO = Pattern.compile("(?:goto|jump)\\s+([^\\s,}]+)");
  private static final Pattern DNAT = Pattern.compile("dnat (?:ip6? )?to (\\[?[0-9a-fA-F.:]+\\]?):(\\d+)");
  private static final Pattern NUMGEN = Pattern.compile("numgen random mod (\\d+) vmap \\{(.*)\\}");
  private static final Pattern AFFINITY = Pattern.compile("ip6? saddr @(affinity-\\S+) goto (\\S+)");
  private static final Pattern TIMEOUT = Pattern.compile("^\\s*timeout\\s+(\\S+)");
  private static final Pattern COMMENT = Pattern.compile("comment \"([^\"]*)\"");

  private NftablesRules() {}

  private record Block(String kind, List<String> lines) {}

  public static List<ServiceRule> parse(String nftList) throws RuleFormatException {
    Map<String, Block> blocks = blocks(nftList);
    Set<String> clusterIps = new HashSet<>();
    Block cips = blocks.get("cluster-ips");
    if (cips != null) {
      for (String e : elements(cips)) {
        clusterIps.add(e.strip());
      }
    }
    ServiceTable table = new ServiceTable();
    Map<String, String> serviceChains = new LinkedHashMap<>();
    Block ips = blocks.get("service-ips");
    if (ips != null) {
      for (String e : elements(ips)) {
        String[] kv = element(e);
        String[] key = kv[0].split("\\s+\\.\\s+");
        Matcher g = GOTO.matcher(kv[1]);
        if (key.length != 3 || !g.find()) {
          throw new RuleFormatException("service-ips element not understood: " + e.strip());
        }
        String chain = g.group(1);
        String[] svc = serviceOf(chain);
        boolean external = chain.startsWith("external-");
        table.frontend(svc[0], svc[1], external ? "externalIP"
            : clusterIps.isEmpty() || clusterIps.contains(key[0]) ? "clusterIP" : "externalIP",
            key[0], Integer.parseInt(key[2]));
        serviceChains.putIfAbsent(svc[0], resolveServiceChain(chain, blocks));
      }
    }
    Block nodePorts = blocks.get("service-nodeports");
    if (nodePorts != null) {
      for (String e : elements(nodePorts)) {
        String[] kv = element(e);
        String[] key = kv[0].split("\\s+\\.\\s+");
        Matcher g = GOTO.matcher(kv[1]);
        if (key.length != 2 || !g.find()) {
          throw new RuleFormatException("service-nodeports element not understood: " + e.strip());
        }
        String[] svc = serviceOf(g.group(1));
        table.frontend(svc[0], svc[1], "nodePort", "*", Integer.parseInt(key[1]));
        serviceChains.putIfAbsent(svc[0], resolveServiceChain(g.group(1), blocks));
      }
    }
    for (String map : List.of("no-endpoint-services", "no-endpoint-nodeports")) {
      Block b = blocks.get(map);
      if (b == null) {
        continue;
      }
      for (String e : elements(b)) {
        Matcher c = COMMENT.matcher(e);
        String[] key = element(e)[0].replaceAll("comment \"[^\"]*\"", "").strip().split("\\s+\\.\\s+");
        if (!c.find()) {
          continue;
        }
        String service = c.group(1);
        String proto = key.length == 3 ? key[1] : key[0];
        table.rejects(service, proto);
        if (key.length == 3) {
          table.frontend(service, proto, clusterIps.contains(key[0]) || clusterIps.isEmpty()
              ? "clusterIP" : "externalIP", key[0], Integer.parseInt(key[2]));
        } else if (key.length == 2) {
          table.frontend(service, proto, "nodePort", "*", Integer.parseInt(key[1]));
        }
      }
    }
    for (Map.Entry<String, String> s : serviceChains.entrySet()) {
      Block chain = blocks.get(s.getValue());
      if (chain != null) {
        table.backends(s.getKey(), null, backends(s.getKey(), s.getValue(), chain, blocks, table));
      }
    }
    return table.build();
  }

  /** external-* chains jump on to their service-* chain; that is where endpoints are drawn. */
  private static String resolveServiceChain(String chain, Map<String, Block> blocks) {
    if (chain.startsWith("service-")) {
      return chain;
    }
    Block b = blocks.get(chain);
    if (b != null) {
      for (String line : b.lines) {
        Matcher g = GOTO.matcher(line);
        while (g.find()) {
          if (g.group(1).startsWith("service-")) {
            return g.group(1);
          }
        }
      }
    }
    return chain;
  }

  private static List<Backend> backends(String service, String chainName, Block chain,
      Map<String, Block> blocks, ServiceTable table) throws RuleFormatException {
    List<Backend> out = new ArrayList<>();
    for (String line : chain.lines) {
      Matcher aff = AFFINITY.matcher(line);
      if (aff.find()) {
        table.affinity(service, affinitySeconds(blocks.get(aff.group(1))));
        continue;
      }
      Matcher ng = NUMGEN.matcher(line);
      if (ng.find()) {
        int n = Integer.parseInt(ng.group(1));
        Matcher g = GOTO.matcher(ng.group(2));
        int i = 0;
        while (g.find()) {
          i++;
          out.add(endpoint(g.group(1), ServiceTable.round(1.0 / n), chainName + " numgen slot "
              + (i - 1) + " of " + n, blocks));
        }
        return out;
      }
      Matcher g = GOTO.matcher(line);
      if (g.find() && g.group(1).startsWith("endpoint-") && !line.contains("@affinity")) {
        out.add(endpoint(g.group(1), 1.0, chainName + ": " + line.strip(), blocks));
        return out;
      }
    }
    return out;
  }

  private static Backend endpoint(String endpointChain, double chance, String rule,
      Map<String, Block> blocks) throws RuleFormatException {
    Block b = blocks.get(endpointChain);
    if (b != null) {
      for (String line : b.lines) {
        Matcher d = DNAT.matcher(line);
        if (d.find()) {
          String ip = d.group(1).replace("[", "").replace("]", "");
          return new Backend(ip, Integer.parseInt(d.group(2)), chance, 1, rule, false);
        }
      }
    }
    throw new RuleFormatException("endpoint chain " + endpointChain + " has no dnat rule");
  }

  private static int affinitySeconds(Block set) {
    if (set != null) {
      for (String line : set.lines) {
        Matcher t = TIMEOUT.matcher(line);
        if (t.find()) {
          return (int) durationSeconds(t.group(1));
        }
      }
    }
    return 10800; // kube-proxy's default ClientIP timeout
  }

  /** nft prints durations as "3h", "10800s", "1h30m", "2d". */
  static long durationSeconds(String text) {
    long total = 0;
    long n = 0;
    for (char c : text.toCharArray()) {
      if (Character.isDigit(c)) {
        n = n * 10 + (c - '0');
      } else {
        total += n * switch (c) {
          case 'd' -> 86400;
          case 'h' -> 3600;
          case 'm' -> 60;
          default -> 1;
        };
        n = 0;
      }
    }
    return total + n;
  }

  /** "service-HASH-ns/svc/tcp/port" → {"ns/svc:port", "tcp"}. */
  private static String[] serviceOf(String chain) throws RuleFormatException {
    Matcher m = SERVICE_CHAIN.matcher(chain);
    if (!m.matches()) {
      throw new RuleFormatException("not a kube-proxy service chain: " + chain);
    }
    return new String[] {m.group(1) + (m.group(3).isEmpty() ? "" : ":" + m.group(3)), m.group(2)};
  }

  private static String[] element(String e) {
    int colon = e.lastIndexOf(" : ");
    return colon < 0 ? new String[] {e.strip(), ""}
        : new String[] {e.substring(0, colon).replaceAll("comment \"[^\"]*\"", "").strip(),
            e.substring(colon + 3).strip()};
  }

  /** The comma-separated elements of a map or set block's "elements = { … }". */
  private static List<String> elements(Block b) {
    String joined = String.join(" ", b.lines);
    int start = joined.indexOf("elements = {");
    if (start < 0) {
      return List.of();
    }
    int end = joined.lastIndexOf('}');
    List<String> out = new ArrayList<>();
    for (String e : joined.substring(start + "elements = {".length(), end).split(",")) {
      if (!e.isBlank()) {
        out.add(e);
      }
    }
    return out;
  }

  private static Map<String, Block> blocks(String text) throws RuleFormatException {
    Map<String, Block> blocks = new HashMap<>();
    Block current = null;
    int depth = 0;
    String[] lines = text.split("\n");
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n];
      if (current == null) {
        Matcher m = BLOCK.matcher(line);
        if (m.matches()) {
          current = new Block(m.group(1), new ArrayList<>());
          blocks.put(m.group(2).replace("\"", ""), current);
          depth = 1;
        }
        continue;
      }
      depth += count(line, '{') - count(line, '}');
      if (depth <= 0) {
        current = null;
        continue;
      }
      current.lines.add(line);
    }
    if (current != null) {
      throw new RuleFormatException("nft listing ends inside a block");
    }
    return blocks;
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }
}
