package dev.switchboard.app.cli;

import dev.switchboard.app.cluster.kube.KubeClients;
import dev.switchboard.app.cluster.kube.KubeTarget;
import dev.switchboard.app.cluster.kube.KubeconfigException;
import dev.switchboard.app.cluster.kube.KubeconfigResolver;
import dev.switchboard.app.link.kube.SidecarInstaller;
import io.kubernetes.client.openapi.ApiClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code install [--kubeconfig F] [--context C] [--image IMAGE]} and {@code uninstall
 * [--kubeconfig F] [--context C] [--timeout SECONDS]}: the node sidecars in or out of a cluster,
 * as {@code kubectl apply/delete -f capture/deploy/} plus the token Secret. Main thread.
 */
final class InstallCommand {
  static final String INSTALL_HELP = """
      Usage: switchboard install [--kubeconfig FILE] [--context NAME] [--image IMAGE]
      Installs the capture sidecar on every node (namespace switchboard-system: a DaemonSet
      with NET_RAW and NET_ADMIN only, and RBAC for users in group switchboard-users), and
      creates the sidecars' token Secret with a random token unless it exists. The same
      objects as `kubectl apply -f capture/deploy/`. --image runs another sidecar image (the
      default, switchboard/sidecar:0.1.0, is loaded on the nodes from the archive that
      capture/deploy/image/build-image.sh makes). Exit 1 with the reason in one line when the
      kubeconfig user may not do it.
      """;
  static final String UNINSTALL_HELP = """
      Usage: switchboard uninstall [--kubeconfig FILE] [--context NAME] [--timeout SECONDS]
      Deletes everything install made and waits (default 120 s) until the namespace and the
      sidecar pods in it are gone.
      """;

  private InstallCommand() {}

  static int run(boolean install, List<String> argv, Map<String, String> env, PrintStream out,
      PrintStream err) throws UsageException {
    Args args = JsonCommandArgs.parse(argv, install ? List.of("--image") : List.of());
    if (args == null) {
      out.print(install ? INSTALL_HELP : UNINSTALL_HELP);
      return 0;
    }
    if (args.has("--dump") || args.has("--namespace")) {
      throw new UsageException((install ? "install" : "uninstall") + " takes --kubeconfig and"
          + " --context only: it changes a live cluster");
    }
    Duration wait = Duration.ofSeconds(ClusterSync.parseSeconds(args.get("--timeout", "120")));
    ApiClient client;
    try {
      KubeTarget target = new KubeconfigResolver(env).resolve(
          args.has("--kubeconfig") ? java.nio.file.Path.of(args.get("--kubeconfig")) : null,
          args.get("--context"));
      client = KubeClients.forTarget(target);
      out.println((install ? "installing into " : "uninstalling from ") + target.server()
          + " (context " + target.context() + ")");
    } catch (KubeconfigException e) {
      err.println("switchboard: " + e.getMessage());
      return 1;
    }
    try {
      SidecarInstaller installer = new SidecarInstaller(client, out);
      if (install) {
        installer.install(args.get("--image"));
      } else {
        installer.uninstall(wait);
      }
      return 0;
    } catch (SidecarInstaller.InstallException e) {
      err.println("switchboard: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } finally {
      KubeClients.release(client);
    }
  }
}
