package dev.switchboard.app.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * The live cluster model. Threads: written by informer handler threads (or a dump loader, or a
 * session replay), read by any thread through {@link #read} or {@link #snapshot}; a read-write
 * lock guards one {@link ClusterIndex}. Listeners hear of each change after the lock is released;
 * a tap (a recording) hears each change with its object, in order, under the lock.
 */
public final class ClusterStore {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final ClusterIndex index = new ClusterIndex();
  private final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();
  private final List<ClusterTap> taps = new CopyOnWriteArrayList<>();

  public void addListener(ClusterListener listener) {
    listeners.add(listener);
  }

  public void removeListener(ClusterListener listener) {
    listeners.remove(listener);
  }

  /**
   * Starts a tap: {@code snapshot} gets the state as it is, then {@code tap} every change after
   * it, with nothing missed or doubled between the two (both run under the write lock).
   */
  public void tap(java.util.function.Consumer<ClusterIndex> snapshot, ClusterTap tap) {
    lock.writeLock().lock();
    try {
      snapshot.accept(index);
      taps.add(tap);
    } finally {
      lock.writeLock().unlock();
    }
  }

  public void untap(ClusterTap tap) {
    taps.remove(tap);
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
    write(ChangeKind.NAMESPACE, ns.key(), ns, now(), i -> i.putNamespace(ns));
  }

  public void removeNamespace(ObjectKey key) {
    write(ChangeKind.NAMESPACE, key, null, now(), i -> i.removeNamespace(key));
  }

  public void putNode(NodeInfo node) {
    write(ChangeKind.NODE, node.key(), node, now(), i -> i.putNode(node));
  }

  public void removeNode(ObjectKey key) {
    write(ChangeKind.NODE, key, null, now(), i -> i.removeNode(key));
  }

  public void putPod(PodInfo pod, long observedAtMillis) {
    write(ChangeKind.POD, pod.key(), pod, observedAtMillis, i -> i.putPod(pod, observedAtMillis));
  }

  public void removePod(ObjectKey key, long observedAtMillis) {
    write(ChangeKind.POD, key, null, observedAtMillis, i -> i.removePod(key, observedAtMillis));
  }

  public void putService(ServiceInfo svc) {
    write(ChangeKind.SERVICE, svc.key(), svc, now(), i -> i.putService(svc));
  }

  public void removeService(ObjectKey key) {
    write(ChangeKind.SERVICE, key, null, now(), i -> i.removeService(key));
  }

  public void putSlice(EndpointSliceInfo slice) {
    putSlice(slice, System.currentTimeMillis());
  }

  /** A slice as observed at {@code observedAtMillis}: when its endpoints joined or left. */
  public void putSlice(EndpointSliceInfo slice, long observedAtMillis) {
    write(ChangeKind.ENDPOINT_SLICE, slice.key(), slice, observedAtMillis,
        i -> i.putSlice(slice, observedAtMillis));
  }

  public void removeSlice(ObjectKey key) {
    removeSlice(key, System.currentTimeMillis());
  }

  public void removeSlice(ObjectKey key, long observedAtMillis) {
    write(ChangeKind.ENDPOINT_SLICE, key, null, observedAtMillis,
        i -> i.removeSlice(key, observedAtMillis));
  }

  private void write(ChangeKind kind, ObjectKey key, Object object, long atMillis,
      Function<ClusterIndex, Boolean> change) {
    boolean changed;
    lock.writeLock().lock();
    try {
      changed = change.apply(index);
      if (changed) {
        for (ClusterTap t : taps) {
          t.changed(kind, key, object, atMillis);
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
    if (changed) {
      for (ClusterListener l : listeners) {
        l.changed(kind, key);
      }
    }
  }

  /**
   * Makes this store hold what {@code target} holds, writing only the objects that differ (a
   * picture moved to another moment of a recording: unchanged objects stay still).
   */
  public void becomeLike(ClusterIndex target, long atMillis) {
    ClusterIndex now = snapshot();
    sync(now.namespaces(), target.namespaces(), NamespaceInfo::key, this::putNamespace,
        this::removeNamespace);
    sync(now.nodes(), target.nodes(), NodeInfo::key, this::putNode, this::removeNode);
    sync(now.services(), target.services(), ServiceInfo::key, this::putService,
        this::removeService);
    sync(now.slices(), target.slices(), EndpointSliceInfo::key, s -> putSlice(s, atMillis),
        k -> removeSlice(k, atMillis));
    sync(now.pods(), target.pods(), PodInfo::key, p -> putPod(p, atMillis),
        k -> removePod(k, atMillis));
  }

  private static <T> void sync(java.util.Collection<T> have, java.util.Collection<T> want,
      Function<T, ObjectKey> key, java.util.function.Consumer<T> put,
      java.util.function.Consumer<ObjectKey> remove) {
    java.util.Map<ObjectKey, T> wanted = new java.util.HashMap<>();
    want.forEach(o -> wanted.put(key.apply(o), o));
    for (T o : have) {
      if (!wanted.containsKey(key.apply(o))) {
        remove.accept(key.apply(o));
      }
    }
    java.util.Set<T> had = new java.util.HashSet<>(have);
    for (T o : want) {
      if (!had.contains(o)) {
        put.accept(o);
      }
    }
  }

  /** When a change without a time of its own was observed: now, for taps. */
  private long now() {
    return taps.isEmpty() ? 0 : System.currentTimeMillis();
  }
}
