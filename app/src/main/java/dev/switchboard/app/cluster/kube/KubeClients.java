package dev.switchboard.app.cluster.kube;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import java.io.IOException;
import java.time.Duration;

/** Builds the official client for a resolved kubeconfig. Any thread. */
public final class KubeClients {
  private KubeClients() {}

  public static ApiClient forTarget(KubeTarget target) throws KubeconfigException {
    try {
      // Watches stay open for minutes; the server's timeoutSeconds bounds them, not a read timeout.
      return ClientBuilder.kubeconfig(target.config()).setReadTimeout(Duration.ZERO).build();
    } catch (IOException | RuntimeException e) {
      throw new KubeconfigException("cannot use context \"" + target.context() + "\": "
          + e.getMessage());
    }
  }

  /** Releases the client's connection pool and dispatcher threads. */
  public static void release(ApiClient client) {
    client.getHttpClient().dispatcher().executorService().shutdown();
    client.getHttpClient().connectionPool().evictAll();
  }
}
