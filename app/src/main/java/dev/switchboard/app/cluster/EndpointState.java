package dev.switchboard.app.cluster;

/** How an endpoint takes traffic: kube-proxy sends new connections to READY ones only. */
public enum EndpointState {
  READY,
  NOT_READY,
  /** Draining, still serving: used only as a fallback when no endpoint is ready. */
  TERMINATING_SERVING,
  TERMINATING
}
