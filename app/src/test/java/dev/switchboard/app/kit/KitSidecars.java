package dev.switchboard.app.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.apis.AppsV1Api;
import io.kubernetes.client.util.PatchUtils;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real node of the kit (kubelet, containerd and kube-proxy in network namespace {@link #NODE})
 * with the sidecar image built by capture/deploy/image/build-image.sh imported into its
 * containerd; made once per test JVM. Skips the caller, with the reason, without the kit, root,
 * the built capture jar or debootstrap. Any thread.
 */
public final class KitSidecars {
  public static final String NODE = "sbd1";
  public static final String NODE_IP = "10.250.62.2";
  private static boolean ready;

  private KitSidecars() {}

  /** The kit with the node up and the image on it. */
  public static synchronized KubeKit node() throws Exception {
    KubeKit kit = KubeKit.up();
    Path jar = KubeKit.repo().resolve("capture/target/switchboard-capture.jar");
    assumeTrue(Files.isRegularFile(jar), "sidecar end-to-end skipped: " + jar + " not built"
        + " (mvn package builds it before the app's tests)");
    assumeTrue(Files.isExecutable(Path.of("/usr/sbin/debootstrap")),
        "sidecar end-to-end skipped: the image build needs debootstrap (apt-get install"
        + " debootstrap)");
    if (!ready) {
      Path image = KubeKit.repo().resolve("capture/target/switchboard-sidecar-image.tar");
      Process p = new ProcessBuilder("bash", KubeKit.repo()
          .resolve("capture/deploy/image/build-image.sh").toString(), image.toString())
          .redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), "build-image.sh:\n" + output);
      kit.run(Duration.ofMinutes(2), "proxy", NODE, NODE);
      kit.run(Duration.ofMinutes(3), "node", NODE, NODE, NODE_IP);
      kit.run(Duration.ofMinutes(3), "import-image", image.toString(), NODE);
      ready = true;
    }
    return kit;
  }

  /** {@code switchboard install}'s objects, kept off the kit's fake nodes. */
  public static void install(KitAdmin admin, java.io.PrintStream out) throws Exception {
    new dev.switchboard.app.link.kube.SidecarInstaller(admin.client(), out).install(null);
    offFakeNodes(admin);
  }

  /**
   * Keeps the sidecar DaemonSet off the kit's kubelet-less fake nodes (other test classes make
   * one), which can never run a pod nor confirm its deletion; the kit's README asks DaemonSets
   * to keep off them. On a real cluster every node runs one.
   */
  public static void offFakeNodes(KitAdmin admin) throws Exception {
    PatchUtils.patch(Object.class, () -> new AppsV1Api(admin.client())
        .patchNamespacedDaemonSet("switchboard-sidecar", "switchboard-system", new V1Patch("""
            {"spec":{"template":{"spec":{"affinity":{"nodeAffinity":{
              "requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
                {"matchExpressions":[{"key":"kube-kit.local/fake-node","operator":"DoesNotExist"}]}
              ]}}}}}}}""")).buildCall(null), V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
        admin.client());
  }
}
