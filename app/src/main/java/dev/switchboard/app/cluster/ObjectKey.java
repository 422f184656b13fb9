package dev.switchboard.app.cluster;

/**
 * Identity of a Kubernetes object inside one kind: namespace (empty for cluster-scoped) and name.
 * Immutable; any thread.
 */
public record ObjectKey(String namespace, String name) implements Comparable<ObjectKey> {

  public ObjectKey {
    namespace = namespace == null ? "" : namespace;
  }

  public static ObjectKey cluster(String name) {
    return new ObjectKey("", name);
  }

  /** A namespaced object as people write it: "ns/name", or "name" in the default namespace. */
  public static ObjectKey parse(String nsName) {
    int slash = nsName.indexOf('/');
    return slash < 0 ? new ObjectKey("default", nsName)
        : new ObjectKey(nsName.substring(0, slash), nsName.substring(slash + 1));
  }

  @Override
  public int compareTo(ObjectKey o) {
    int c = namespace.compareTo(o.namespace);
    return c != 0 ? c : name.compareTo(o.name);
  }

  @Override
  public String toString() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }
}
