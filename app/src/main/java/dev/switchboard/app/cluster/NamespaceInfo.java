package dev.switchboard.app.cluster;

/** Slim projection of a Namespace. Immutable; any thread. */
public record NamespaceInfo(String name, String phase) {

  public ObjectKey key() {
    return ObjectKey.cluster(name);
  }
}
