package dev.switchboard.capture.kubeproxy;

import dev.switchboard.capture.event.ServiceRule;
import dev.switchboard.capture.event.ServiceRule.Backend;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads kube-proxy's IPVS mode from {@code ipvsadm -Ln}: one virtual server per Service port
 * frontend (cluster IP, node IP:NodePort, external/LB IP), its scheduler and persistence
 * (ClientIP affinity), and its real servers with weights. IPVS names no Services, so each entry
 * is named by its address ("10.96.0.10:53/UDP") and the app matches it to the cluster. A backend's
 * chance is known for rr (equal among weight > 0) and wrr (by weight); other schedulers pick by
 * load, so the chance is reported as -1 (unknown). Pure; any thread.
 */
public final class IpvsRules {
  private static final Pattern VIRTUAL = Pattern.compile(
      "^(TCP|UDP|SCTP)\\s+(\\[?[0-9a-fA-F.:]+\\]?):(\\d+)\\s+(\\S+)(?:\\s+persistent\\s+(\\d+))?.*$");
  private static final Pattern REAL = Pattern.compile(
      "^\\s+->\\s+(\\[?[0-9a-fA-F.:]+\\]?):(\\d+)\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s*$");

  private IpvsRules() {}

  public static List<ServiceRule> parse(String ipvsadm) throws RuleFormatException {
    List<ServiceRule> out = new ArrayList<>();
    String name = null;
    String protocol = null;
    String ip = null;
    int port = 0;
    String scheduler = null;
    int persistent = 0;
    List<int[]> weights = new ArrayList<>();
    List<String[]> reals = new ArrayList<>();
    String[] lines = ipvsadm.split("\n");
    for (int n = 0; n <= lines.length; n++) {
      String line = n < lines.length ? lines[n] : null;
      Matcher v = line == null ? null : VIRTUAL.matcher(line);
      boolean isVirtual = v != null && v.matches();
      if ((line == null || isVirtual) && name != null) {
        out.add(build(name, protocol, ip, port, scheduler, persistent, reals, weights));
        reals.clear();
        weights.clear();
        name = null;
      }
      if (line == null) {
        break;
      }
      if (isVirtual) {
        protocol = v.group(1);
        ip = v.group(2).replace("[", "").replace("]", "");
        port = Integer.parseInt(v.group(3));
        scheduler = v.group(4);
        persistent = v.group(5) == null ? 0 : Integer.parseInt(v.group(5));
        name = (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port + "/" + protocol;
        continue;
      }
      Matcher r = REAL.matcher(line);
      if (r.matches()) {
        if (name == null) {
          throw new RuleFormatException("line " + (n + 1) + ": real server without a virtual server");
        }
        reals.add(new String[] {r.group(1).replace("[", "").replace("]", ""), r.group(2), r.group(3)});
        weights.add(new int[] {Integer.parseInt(r.group(4))});
      }
    }
    return out;
  }

  private static ServiceRule build(String name, String protocol, String ip, int port,
      String scheduler, int persistent, List<String[]> reals, List<int[]> weights) {
    int total = 0;
    int active = 0;
    for (int[] w : weights) {
      total += w[0];
      active += w[0] > 0 ? 1 : 0;
    }
    List<Backend> backends = new ArrayList<>();
    for (int i = 0; i < reals.size(); i++) {
      int w = weights.get(i)[0];
      double chance = switch (scheduler) {
        case "rr" -> w > 0 ? ServiceTable.round(1.0 / active) : 0;
        case "wrr" -> total > 0 ? ServiceTable.round((double) w / total) : 0;
        default -> -1;
      };
      String[] r = reals.get(i);
      backends.add(new Backend(r[0], Integer.parseInt(r[1]), chance, w,
          "IPVS " + name + " " + scheduler + " → " + r[0] + ":" + r[1] + " " + r[2] + " weight " + w,
          false));
    }
    return new ServiceRule(name, protocol, List.of(new ServiceRule.Frontend("virtualServer", ip,
        port)), scheduler, persistent, false, List.copyOf(backends));
  }
}
