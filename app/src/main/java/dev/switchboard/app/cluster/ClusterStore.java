package dev.switchboard.app.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The live cluster model. Threads: written by informer handler threads (or a dump loader), read by
 * any thread through {@link #read} or {@link #snapshot}; a read-write lock guards one
 * {@link ClusterIndex}. Listeners hear of each change after the lock is released.
 */
public final class ClusterStore {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final ClusterIndex index = new ClusterIndex();
  private final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();

  public void addListener(ClusterListener listener) {
    listeners.add(listener);
  }

  public void removeListener(ClusterListener listener) {
    listeners.remove(listener);
  }

  /** Runs a read against the live index under the read lock; keep it short. */
  public <T> T read(Function<ClusterIndex, T> reader) {
    lock.readLock().lock();
    try {
      return reader.apply(index);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** A private copy of everything, for whole-cluster views and output. O(objects). */
  public ClusterIndex snapshot() {
    return read(ClusterIndex::copy);
  }

  public void putNamespace(NamespaceInfo ns) {
    write(ChangeKind.NAMESPACE, ns.key(), i -> i.putNamespace(ns));
  }

  public void removeNamespace(ObjectKey key) {
    write(ChangeKind.NAMESPACE, key, i -> i.removeNamespace(key));
  }

  public void putNode(NodeInfo node) {
    write(ChangeKind.NODE, node.key(), i -> i.putNode(node));
  }

  public void removeNode(ObjectKey key) {
    write(ChangeKind.NODE, key, i -> i.removeNode(key));
  }

  public void putPod(PodInfo pod, long observedAtMillis) {
    write(ChangeKind.POD, pod.key(), i -> i.putPod(pod, observedAtMillis));
  }

  public void removePod(ObjectKey key, long observedAtMillis) {
    write(ChangeKind.POD, key, i -> i.removePod(key, observedAtMillis));
  }

  public void putService(ServiceInfo svc) {
    write(ChangeKind.SERVICE, svc.key(), i -> i.putService(svc));
  }

  public void removeService(ObjectKey key) {
    write(ChangeKind.SERVICE, key, i -> i.removeService(key));
  }

  public void putSlice(EndpointSliceInfo slice) {
    write(ChangeKind.ENDPOINT_SLICE, slice.key(), i -> i.putSlice(slice));
  }

  public void removeSlice(ObjectKey key) {
    write(ChangeKind.ENDPOINT_SLICE, key, i -> i.removeSlice(key));
  }

  private void write(ChangeKind kind, ObjectKey key, Function<ClusterIndex, Boolean> change) {
    boolean changed;
    lock.writeLock().lock();
    try {
      changed = change.apply(index);
    } finally {
      lock.writeLock().unlock();
    }
    if (changed) {
      for (ClusterListener l : listeners) {
        l.changed(kind, key);
      }
    }
  }
}
