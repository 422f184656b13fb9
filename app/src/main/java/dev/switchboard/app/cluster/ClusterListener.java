package dev.switchboard.app.cluster;

/**
 * Told that an object was added, changed or removed. Called on the writer's thread (an informer
 * thread, or the loader's), after the store's lock is released: implementations only record the
 * key and return, the reader pulls the state on its own cadence.
 */
@FunctionalInterface
public interface ClusterListener {
  void changed(ChangeKind kind, ObjectKey key);
}
