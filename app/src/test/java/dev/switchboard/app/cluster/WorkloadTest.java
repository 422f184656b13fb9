package dev.switchboard.app.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadTest {
  @Test
  void aDeploymentsReplicaSetIsNamedByItsDeployment() {
    assertEquals(new Workload("Deployment", "web"), Workload.of("ReplicaSet", "web-7d4b8f9c8d",
        Map.of("app", "web", "pod-template-hash", "7d4b8f9c8d")));
  }

  @Test
  void otherOwnersAreTakenAsTheyAre() {
    assertEquals(new Workload("ReplicaSet", "web-abc"), Workload.of("ReplicaSet", "web-abc",
        Map.of("app", "web")), "a ReplicaSet made by hand: no template hash");
    assertEquals(new Workload("ReplicaSet", "x"), Workload.of("ReplicaSet", "x",
        Map.of("pod-template-hash", "x")), "a name that is all hash");
    assertEquals(new Workload("StatefulSet", "db"), Workload.of("StatefulSet", "db", Map.of()));
    assertEquals(new Workload("DaemonSet", "switchboard-sidecar"),
        Workload.of("DaemonSet", "switchboard-sidecar", null));
    assertNull(Workload.of(null, null, Map.of()));
  }
}
