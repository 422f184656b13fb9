package dev.switchboard.capture.kubeproxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.capture.event.ServiceRule;
import dev.switchboard.capture.event.ServiceRule.Backend;
import dev.switchboard.capture.event.ServiceRule.Frontend;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubeProxyRulesTest {
  static String resource(String path) throws IOException {
    try (InputStream in = KubeProxyRulesTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static ServiceRule find(List<ServiceRule> rules, String service) {
    return rules.stream().filter(r -> r.service().equals(service)).findFirst()
        .orElseThrow(() -> new AssertionError(service + " not in " + rules.stream().map(ServiceRule::service).toList()));
  }

  static List<String> backends(ServiceRule r) {
    return r.backends().stream().map(b -> b.ip() + ":" + b.port() + "@" + b.probability()).toList();
  }

  @Test
  void realIptablesRules() throws Exception {
    List<ServiceRule> rules = IptablesRules.parse(resource("/fixtures/real-lab-1/node1-iptables-save.txt"));
    ServiceRule web = find(rules, "demo/web:http");
    assertEquals(List.of(new Frontend("clusterIP", "10.96.140.99", 80)), web.frontends());
    assertEquals(List.of("10.244.0.11:8080@0.333333", "10.244.0.12:8080@0.333333",
        "10.244.0.13:8080@0.333333"), backends(web), "1/3, then 1/2 of the rest, then the rest");
    assertTrue(web.backends().get(1).rule().startsWith("KUBE-SVC-XRY76EGRC3BSCIIJ rule 2: "));
    assertTrue(web.backends().get(1).rule().contains("--probability 0.50000000000"));

    ServiceRule np = find(rules, "demo/web-np:http");
    assertTrue(np.frontends().contains(new Frontend("nodePort", "*", 30080)));
    assertTrue(np.frontends().contains(new Frontend("clusterIP", "10.96.238.149", 80)));
    assertEquals(3, np.backends().size());

    ServiceRule sticky = find(rules, "demo/web-sticky:http");
    assertEquals(300, sticky.affinitySeconds());
    assertEquals(3, sticky.backends().size(), "recent --rcheck rules are not extra backends");

    ServiceRule lb = find(rules, "demo/web-lb:http");
    assertTrue(lb.frontends().contains(new Frontend("loadBalancer", "10.250.2.100", 80)));
    assertTrue(lb.frontends().contains(new Frontend("nodePort", "*", 30082)));

    ServiceRule local = find(rules, "demo/web-local:http");
    assertTrue(local.backends().stream().allMatch(Backend::local), "all three pods are on node1");

    ServiceRule broken = find(rules, "demo/broken:http");
    assertEquals(List.of(9999, 9999, 9999), broken.backends().stream().map(Backend::port).toList());

    ServiceRule orphan = find(rules, "demo/orphan:http");
    assertTrue(orphan.rejects());
    assertTrue(orphan.backends().isEmpty());
    assertEquals(List.of(new Frontend("clusterIP", "10.96.61.171", 80)), orphan.frontends());

    assertEquals("UDP", find(rules, "kube-system/kube-dns:dns").protocol());
    assertEquals(List.of("10.244.0.53:53@1.0"), backends(find(rules, "kube-system/kube-dns:dns-tcp")));
  }

  @Test
  void nftablesListing() throws Exception {
    List<ServiceRule> rules = NftablesRules.parse(resource("/kubeproxy/nftables-list.txt"));
    ServiceRule svc = find(rules, "ns1/svc1:p80");
    assertEquals("TCP", svc.protocol());
    assertEquals(List.of(new Frontend("clusterIP", "172.30.0.41", 80), new Frontend("nodePort", "*", 3001)),
        svc.frontends());
    assertEquals(List.of("10.180.0.1:80@0.5", "10.180.0.2:80@0.5"), backends(svc));
    assertEquals(10800, svc.affinitySeconds(), "the affinity set's timeout of 3h");
    assertTrue(svc.backends().get(0).rule().contains("numgen slot 0 of 2"));
    ServiceRule empty = find(rules, "ns2/empty:https");
    assertTrue(empty.rejects());
    assertEquals(List.of(new Frontend("clusterIP", "172.30.0.99", 443)), empty.frontends());
  }

  @Test
  void ipvsadmListing() throws Exception {
    List<ServiceRule> rules = IpvsRules.parse(resource("/kubeproxy/ipvsadm-Ln.txt"));
    assertEquals(8, rules.size());
    assertEquals(List.of("10.244.0.11:8080@0.333333", "10.244.0.12:8080@0.333333",
        "10.244.0.13:8080@0.333333"), backends(find(rules, "10.96.140.99:80/TCP")));
    assertEquals(300, find(rules, "10.96.114.90:80/TCP").affinitySeconds());
    assertEquals(List.of("10.244.0.11:9999@0.666667", "10.244.0.12:9999@0.333333",
        "10.244.0.13:9999@0.0"), backends(find(rules, "10.96.153.178:80/TCP")), "wrr by weight");
    assertEquals(List.of("10.244.0.53:53@-1.0"), backends(find(rules, "10.96.0.10:53/UDP")),
        "lc picks by load: the chance is not knowable from the rules");
    assertTrue(find(rules, "10.96.61.171:80/TCP").backends().isEmpty());
    assertEquals("fd00:10:244::35", find(rules, "[fd00:10:96::a]:53/TCP").backends().get(0).ip());
  }

  @Test
  void cascadeMath() {
    double[] c = ServiceTable.cascade(new double[] {0.25, 1.0 / 3, 0.5, Double.NaN});
    assertEquals(List.of(0.25, 0.25, 0.25, 0.25), java.util.Arrays.stream(c).boxed().toList());
  }

  @Test
  void badRulesSayWhere() {
    assertEquals("line 2: unterminated quote", assertThrows(RuleFormatException.class,
        () -> IptablesRules.parse("*nat\n-A KUBE-SERVICES -m comment --comment \"open")).getMessage());
    assertThrows(RuleFormatException.class, () -> NftablesRules.parse("table ip kube-proxy {\n chain x {\n"));
    assertThrows(RuleFormatException.class, () -> IpvsRules.parse("  -> 10.0.0.1:80 Masq 1 0 0\n"));
  }
}
