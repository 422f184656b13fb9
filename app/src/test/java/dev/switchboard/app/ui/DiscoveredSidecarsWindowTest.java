package dev.switchboard.app.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cli.SidecarOptions;
import dev.switchboard.app.cli.SourceOptions;
import dev.switchboard.app.kit.KitAdmin;
import dev.switchboard.app.kit.KitDemo;
import dev.switchboard.app.kit.KitSidecars;
import dev.switchboard.app.kit.KubeKit;
import dev.switchboard.app.link.kube.DiscoveredSidecars;
import dev.switchboard.app.link.kube.SidecarInstaller;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.ui.theme.Theme;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window on a real cluster with nothing but a person's kubeconfig: it finds the node's
 * sidecar through the API server and shows its link and the connections of real pods; a person
 * without the sidecar rights reads what is missing in the status bar. On the kit's real node
 * (skipped, with the reason, where it cannot run).
 */
@ExtendWith(ApplicationExtension.class)
class DiscoveredSidecarsWindowTest {
  private static final String DEMO = "sbw-demo";
  private static final String VIP = "10.96.62.81";
  private static KubeKit kit;
  private static KitAdmin admin;
  private static Path dir;
  private MainWindow window;
  private Stage stage;

  @BeforeAll
  static void installed() throws Exception {
    kit = KitSidecars.node();
    admin = new KitAdmin(kit);
    dir = Files.createTempDirectory("sb-discovered-window");
    KitSidecars.install(admin, quiet());
    KitDemo.webBehind(admin, DEMO, 1, VIP);
    KitDemo.client(admin, DEMO, "while true; do timeout 3 wget -qO- http://" + VIP
        + "/ >/dev/null; sleep 0.5; done");
  }

  @AfterAll
  static void uninstalled() throws Exception {
    if (admin != null) {
      admin.deleteNamespace(DEMO);
      new SidecarInstaller(admin.client(), quiet()).uninstall(Duration.ofMinutes(2));
    }
  }

  private static PrintStream quiet() {
    return new PrintStream(java.io.OutputStream.nullOutputStream());
  }

  private void open(Stage stage, Path kubeconfig) {
    this.stage = stage;
    SourceOptions cluster = new SourceOptions(null, kubeconfig, null, null);
    window = Fx.call(() -> {
      MainWindow w = new MainWindow(stage, new LaunchConfig(cluster, Theme.LIGHT,
          new SidecarOptions(List.of(), null, cluster, DiscoveredSidecars.DEFAULT_NAMESPACE),
          List.of()), Map.of());
      w.show();
      return w;
    });
  }

  @AfterEach
  void close() {
    if (window != null) {
      Fx.run(window::close);
    }
  }

  private String links(FxRobot robot) {
    return Fx.call(() -> robot.lookup("#status-links").queryAs(Label.class).getText());
  }

  @Test
  void findsTheSidecarAndShowsRealConnections(FxRobot robot) throws Exception {
    Path alice = kit.kubeconfigForUser(dir, "alice", "switchboard-users");
    open(Fx.call(Stage::new), alice);
    MainWindowTest.waitFor("the node's sidecar live", 120, () -> links(robot)
        .contains(KitSidecars.NODE + ": live"));
    MainWindowTest.waitFor("the client's connections to the web pod", 60, () -> Fx.call(() ->
        List.copyOf(window.flowTable().getItems())).stream().anyMatch(this::toWeb));
    Thread.sleep(600);
    WaitForAsyncUtils.waitForFxEvents();
    robot.interact(() -> Screenshots.save(stage.getScene().getRoot(), "discovered-live"));
  }

  private boolean toWeb(ConnectionTrace t) {
    return t.backend() != null && t.backend().target() != null
        && t.backend().target().podName() != null
        && t.backend().target().podName().startsWith("web-") && "closed".equals(t.outcome());
  }

  @Test
  void tellsAPersonWithoutTheSidecarRightsWhatIsMissing(FxRobot robot) throws Exception {
    Path bob = kit.kubeconfigForUser(dir, "bob", "elsewhere");
    KitDemo.viewerOnly(admin, "sbw-bob-viewer", "bob");
    try {
      open(Fx.call(Stage::new), bob);
      MainWindowTest.waitFor("the missing rights in the status bar", 60, () -> links(robot)
          .contains("forbidden: may not create pods/portforward in switchboard-system; may not"
              + " get secrets/switchboard-sidecar-token in switchboard-system"));
      WaitForAsyncUtils.waitForFxEvents();
      robot.interact(() -> Screenshots.save(stage.getScene().getRoot(), "discovered-forbidden"));
      assertTrue(links(robot).contains("retrying in 30 s"), links(robot));
    } finally {
      new io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api(admin.client())
          .deleteClusterRoleBinding("sbw-bob-viewer").execute();
    }
  }
}
