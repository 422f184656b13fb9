package dev.switchboard.app.cluster.kube;

import io.kubernetes.client.util.KubeConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * A resolved kubeconfig: the merged config, the chosen context, the context's default namespace,
 * the server address, where it came from, and every context the user could pick instead.
 * Immutable after resolution; any thread.
 */
public record KubeTarget(
    KubeConfig config,
    String context,
    String contextNamespace,
    String server,
    List<Path> files,
    List<String> contexts) {}
