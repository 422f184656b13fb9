package dev.switchboard.app.cluster;

/** The kinds of object the cluster model holds. */
public enum ChangeKind {
  NAMESPACE,
  NODE,
  POD,
  SERVICE,
  ENDPOINT_SLICE
}
