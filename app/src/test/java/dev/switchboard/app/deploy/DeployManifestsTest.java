package dev.switchboard.app.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1ClusterRoleBinding;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1PolicyRule;
import io.kubernetes.client.openapi.models.V1Role;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import io.kubernetes.client.util.Yaml;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * capture/deploy is what `kubectl apply -f` installs: each object must parse as the official
 * client's typed model, and the DaemonSet must keep the promises of docs/decisions/0009.
 */
class DeployManifestsTest {
  static final Path DEPLOY = Path.of("..", "capture", "deploy");

  static List<Object> objects() throws Exception {
    List<Object> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(DEPLOY)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        out.addAll(Yaml.loadAll(new File(f.toString())));
      }
    }
    return out;
  }

  static <T> T one(List<Object> all, Class<T> type) {
    return all.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
  }

  @Test
  void theSidecarHasTheLeastPrivilegeThatWorks() throws Exception {
    List<Object> all = objects();
    assertEquals("privileged", one(all, V1Namespace.class).getMetadata().getLabels()
        .get("pod-security.kubernetes.io/enforce"));
    V1DaemonSet ds = one(all, V1DaemonSet.class);
    V1PodSpec pod = ds.getSpec().getTemplate().getSpec();
    assertTrue(pod.getHostNetwork());
    assertFalse(pod.getAutomountServiceAccountToken(), "no API credentials in the sidecar");
    V1Container c = pod.getContainers().get(0);
    var sc = c.getSecurityContext();
    assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
    assertEquals(List.of("NET_RAW", "NET_ADMIN"), sc.getCapabilities().getAdd());
    assertFalse(sc.getAllowPrivilegeEscalation());
    assertFalse(sc.getPrivileged());
    assertTrue(sc.getReadOnlyRootFilesystem());
    assertEquals("RuntimeDefault", sc.getSeccompProfile().getType());
    assertTrue(c.getArgs().contains("127.0.0.1:7443"), "listens on the node's loopback only");
    assertTrue(c.getArgs().contains("--token-file"));
    assertTrue(c.getResources().getLimits().containsKey("memory"));
    assertEquals("/healthz", c.getLivenessProbe().getHttpGet().getPath());
    assertEquals("switchboard-sidecar-token", pod.getVolumes().stream()
        .filter(v -> v.getSecret() != null).findFirst().orElseThrow().getSecret().getSecretName());
  }

  @Test
  void usersGetPortForwardAndTheTokenAndNoOneElseIsBound() throws Exception {
    List<Object> all = objects();
    V1Role role = one(all, V1Role.class);
    List<V1PolicyRule> rules = role.getRules();
    assertTrue(rules.stream().anyMatch(r -> r.getResources().contains("pods/portforward")
        && r.getVerbs().contains("create")));
    assertTrue(rules.stream().anyMatch(r -> r.getResources().contains("secrets")
        && r.getResourceNames().equals(List.of("switchboard-sidecar-token"))));
    for (Object o : all) {
      var subjects = o instanceof V1RoleBinding rb ? rb.getSubjects()
          : o instanceof V1ClusterRoleBinding crb ? crb.getSubjects() : null;
      if (subjects != null) {
        assertTrue(subjects.stream().noneMatch(s -> "ServiceAccount".equals(s.getKind())),
            "the sidecar has no RBAC: " + subjects);
      }
    }
  }
}
