package dev.switchboard.app.cluster.kube;

/** A kubeconfig that cannot be used; the message is one line a user can act on. */
public final class KubeconfigException extends Exception {
  public KubeconfigException(String message) {
    super(message);
  }
}
