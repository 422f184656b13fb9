package dev.switchboard.app.cluster.kube;

import java.util.List;
import java.util.Set;

/**
 * What the preflight found: a fatal problem (server unreachable, credentials rejected, a required
 * resource forbidden) or null, what RBAC is missing ("watch pods (all namespaces)"), and which
 * optional resources are skipped. Immutable; any thread.
 */
public record AccessReport(String fatal, List<String> missing, Set<WatchedResource> skipped) {

  public boolean ok() {
    return fatal == null;
  }
}
