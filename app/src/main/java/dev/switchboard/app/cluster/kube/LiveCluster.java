package dev.switchboard.app.cluster.kube;

import dev.switchboard.app.reconnect.Backoff;
import dev.switchboard.app.cluster.ClusterSource;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.EndpointSliceInfo;
import dev.switchboard.app.cluster.NamespaceInfo;
import dev.switchboard.app.cluster.NodeInfo;
import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.ServiceInfo;
import dev.switchboard.app.cluster.SourceStatus;
import dev.switchboard.app.cluster.SourceStatus.Phase;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.informer.cache.DeltaFIFO;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A live cluster: one {@link SharedInformerFactory} with informers for Namespaces, Nodes, Pods,
 * Services and EndpointSlices (optionally one namespace), feeding a {@link ClusterStore}.
 *
 * <p>Threads: {@link #start} runs the preflight on "cluster-connect"; each informer has its
 * reflector and listener threads (client-java's); the exception handler runs on a reflector
 * thread and is where reconnect backoff sleeps. Watch expiry (410 Gone) relists at once; an API
 * server restart reconnects with exponential backoff and the relist replaces the store's content
 * with exactly what the fresh LIST shows.
 */
public final class LiveCluster implements ClusterSource {
  private final ApiClient client;
  private final String name;
  private final String server;
  private final String namespace;
  private final ClusterStore store;
  private final KubeProjection projection;
  private final LongSupplier clock;
  private static final long STATUS_EVERY_MS = 100;
  private final Map<WatchedResource, ResourceState> states = new EnumMap<>(WatchedResource.class);
  private final CountDownLatch settled = new CountDownLatch(1);
  private volatile SharedInformerFactory factory;
  private volatile AccessReport access;
  private volatile String fatal;
  private volatile boolean closed;
  /** The status as last worked out by the status thread; null before it first ran. */
  private volatile SourceStatus latest;

  /** Per-resource progress and failures; written by that resource's reflector thread. */
  private final class ResourceState implements ConnectionMonitor {
    volatile SharedIndexInformer<?> informer;
    volatile boolean delivered;
    volatile int failures;
    volatile int lists;
    volatile int expiredRelists;
    volatile String lastError;

    @Override
    public void listed(String requestedVersion) {
      lists++;
      if ("".equals(requestedVersion)) {
        expiredRelists++;
      }
    }

    @Override
    public void succeeded() {
      failures = 0;
      lastError = null;
    }

    @Override
    public void failed(Exception error) {
      int n = ++failures;
      lastError = ApiErrors.describe(error, server);
      if (closed) {
        return;
      }
      try {
        Thread.sleep(Backoff.withJitter(n));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * @param namespace null for all namespaces
   */
  public LiveCluster(ApiClient client, String name, String server, String namespace,
      ClusterStore store, KubeProjection projection, LongSupplier clock) {
    ClientLogging.quiet();
    this.client = client;
    this.name = name;
    this.server = server;
    this.namespace = namespace;
    this.store = store;
    this.projection = projection;
    this.clock = clock;
    for (WatchedResource r : WatchedResource.values()) {
      states.put(r, new ResourceState());
    }
  }

  @Override
  public String name() {
    return name + (namespace == null ? "" : " (" + namespace + ")");
  }

  @Override
  public void start() {
    Thread t = new Thread(this::connect, "cluster-connect");
    t.setDaemon(true);
    t.start();
    Thread s = new Thread(this::followStatus, "cluster-status");
    s.setDaemon(true);
    s.start();
  }

  /**
   * Works the status out every {@link #STATUS_EVERY_MS} ms, off the FX thread: until the first
   * LIST is delivered that asks client-java's informers, whose queue lock the reflector holds
   * while it files a whole LIST (a 150,000-pod relist held the FX thread 230 ms there).
   */
  private void followStatus() {
    while (!closed) {
      latest = workOutStatus();
      try {
        Thread.sleep(STATUS_EVERY_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void connect() {
    AccessReport report = new AccessCheck(client, server).run(namespace);
    access = report;
    if (!report.ok()) {
      fatal = report.fatal();
      settled.countDown();
      return;
    }
    if (closed) {
      return;
    }
    SharedInformerFactory f = new SharedInformerFactory(client);
    for (WatchedResource r : WatchedResource.values()) {
      if (!report.skipped().contains(r)) {
        states.get(r).informer = register(f, r);
      }
    }
    factory = f;
    f.startAllRegisteredInformers();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private SharedIndexInformer<?> register(SharedInformerFactory f, WatchedResource r) {
    SharedIndexInformer informer = f.sharedIndexInformerFor(
        new PagedListerWatcher(client, r, namespace, states.get(r), o -> slim(r, o)),
        (Class) r.type, 0L, (type, error) -> onWatchError(r, (Throwable) error));
    informer.setTransform(o -> slim(r, o));
    informer.addEventHandler(new StoreWriter(r));
    return informer;
  }

  /**
   * Runs on the reflector's thread for every listed object, and on the informer's controller
   * thread for every delta; must be idempotent.
   */
  private KubernetesObject slim(WatchedResource r, KubernetesObject obj) {
    if (obj instanceof SlimObject || obj instanceof DeltaFIFO.DeletedFinalStateUnknown) {
      return obj;
    }
    Object info;
    if (obj instanceof V1Pod p) {
      info = projection.pod(p);
    } else if (obj instanceof V1Service s) {
      info = projection.service(s);
    } else if (obj instanceof V1EndpointSlice s) {
      info = projection.slice(s);
    } else if (obj instanceof V1Node n) {
      info = projection.node(n);
    } else if (obj instanceof V1Namespace n) {
      info = projection.namespace(n);
    } else {
      return obj;
    }
    Object shared = canonical(info);
    V1ObjectMeta meta = obj.getMetadata();
    // name and namespace Strings from the projection, so the cache shares them
    String ns = meta.getNamespace();
    String name = meta.getName();
    if (shared instanceof PodInfo p) {
      ns = p.namespace();
      name = p.name();
    } else if (shared instanceof ServiceInfo s) {
      ns = s.namespace();
      name = s.name();
    } else if (shared instanceof EndpointSliceInfo s) {
      ns = s.namespace();
      name = s.name();
    } else if (shared instanceof NodeInfo n) {
      name = n.name();
    }
    return new SlimObject(r, meta, ns, name, shared);
  }

  /**
   * The store's instance when it already holds an equal record (a relist or resync repeats most
   * objects unchanged), so informer cache, store and IP history share one object.
   */
  private Object canonical(Object info) {
    Object held = store.read(i -> {
      if (info instanceof PodInfo p) {
        return i.pod(p.key());
      } else if (info instanceof ServiceInfo s) {
        return i.service(s.key());
      } else if (info instanceof EndpointSliceInfo s) {
        return i.slice(s.key());
      } else if (info instanceof NodeInfo n) {
        return i.node(n.name());
      }
      return null;
    });
    return info.equals(held) ? held : info;
  }

  /**
   * The reflector's exception handler, on its thread: an unreadable event or an unexpected
   * failure inside a watch. (client-java 27 handles a 410 Gone itself by relisting without a
   * resourceVersion; {@link ResourceState#listed} counts those.) The reflector retries next run.
   */
  private void onWatchError(WatchedResource r, Throwable error) {
    states.get(r).lastError = ApiErrors.describe(error, server);
  }

  /** Writes informer notifications into the store; runs on the informer's listener thread. */
  private final class StoreWriter implements ResourceEventHandler<KubernetesObject> {
    private final WatchedResource resource;

    StoreWriter(WatchedResource resource) {
      this.resource = resource;
    }

    @Override
    public void onAdd(KubernetesObject obj) {
      put(obj);
    }

    @Override
    public void onUpdate(KubernetesObject oldObj, KubernetesObject newObj) {
      put(newObj);
    }

    @Override
    public void onDelete(KubernetesObject obj, boolean finalStateUnknown) {
      V1ObjectMeta meta = obj.getMetadata();
      ObjectKey key = new ObjectKey(meta.getNamespace(), meta.getName());
      switch (resource) {
        case NAMESPACES -> store.removeNamespace(key);
        case NODES -> store.removeNode(key);
        case PODS -> store.removePod(key, clock.getAsLong());
        case SERVICES -> store.removeService(key);
        case ENDPOINT_SLICES -> store.removeSlice(key);
        default -> throw new IllegalStateException(resource.name());
      }
    }

    private void put(KubernetesObject obj) {
      if (!(obj instanceof SlimObject slim)) {
        return;
      }
      Object info = slim.info();
      if (info instanceof PodInfo p) {
        store.putPod(p, clock.getAsLong());
      } else if (info instanceof ServiceInfo s) {
        store.putService(s);
      } else if (info instanceof EndpointSliceInfo s) {
        store.putSlice(s);
      } else if (info instanceof NodeInfo n) {
        store.putNode(n);
      } else if (info instanceof NamespaceInfo n) {
        store.putNamespace(n);
      }
    }
  }

  /** The status as last worked out (at most {@link #STATUS_EVERY_MS} ms old once started). */
  @Override
  public SourceStatus status() {
    SourceStatus s = latest;
    return s != null ? s : workOutStatus();
  }

  private SourceStatus workOutStatus() {
    if (fatal != null) {
      return new SourceStatus(Phase.FAILED, fatal, accessDetails());
    }
    if (factory == null) {
      return new SourceStatus(Phase.CONNECTING, "Connecting to " + server + " (context " + name
          + ")…", List.of());
    }
    List<String> details = accessDetails();
    int synced = 0;
    int watched = 0;
    String problem = null;
    for (Map.Entry<WatchedResource, ResourceState> e : states.entrySet()) {
      ResourceState s = e.getValue();
      if (s.informer == null) {
        continue;
      }
      watched++;
      boolean done = delivered(e.getKey(), s);
      synced += done ? 1 : 0;
      String line = e.getKey().rbacName() + ": " + (done ? "synced" : "syncing")
          + (s.lists > 1 ? ", relisted " + (s.lists - 1) + "×" : "")
          + (s.expiredRelists > 0 ? " (" + s.expiredRelists + " after 410 Gone)" : "")
          + (s.failures > 0 ? ", " + s.lastError + " (retry " + s.failures + ")" : "");
      details.add(line);
      if (s.failures > 0 && problem == null) {
        problem = s.lastError;
      }
    }
    if (problem != null) {
      return new SourceStatus(Phase.RECONNECTING, "Reconnecting: " + problem, details);
    }
    if (synced < watched) {
      return new SourceStatus(Phase.SYNCING, "Syncing " + synced + "/" + watched + " resources from "
          + server + "…", details);
    }
    settled.countDown();
    String counts = store.read(i -> i.nodes().size() + " nodes, " + i.pods().size() + " pods, "
        + i.services().size() + " services");
    return new SourceStatus(Phase.SYNCED, "Live: " + name() + " — " + counts, details);
  }

  /**
   * The informer's first LIST has reached the store. client-java's hasSynced() turns true when its
   * queue is drained, before the listener threads have handed the objects to us; so also wait
   * until the store holds as many objects as the informer's cache. Latched once true.
   */
  private boolean delivered(WatchedResource r, ResourceState s) {
    if (s.delivered) {
      return true;
    }
    if (!s.informer.hasSynced()) {
      return false;
    }
    int cached = s.informer.getIndexer().listKeys().size();
    int stored = store.read(i -> switch (r) {
      case NAMESPACES -> i.namespaces().size();
      case NODES -> i.nodes().size();
      case PODS -> i.pods().size();
      case SERVICES -> i.services().size();
      case ENDPOINT_SLICES -> i.slices().size();
    });
    s.delivered = stored >= cached;
    return s.delivered;
  }

  private List<String> accessDetails() {
    List<String> details = new ArrayList<>();
    AccessReport a = access;
    if (a != null) {
      for (String m : a.missing()) {
        details.add("missing permission: " + m);
      }
      for (WatchedResource r : a.skipped()) {
        details.add(r.rbacName() + " not watched (not permitted)");
      }
    }
    return details;
  }

  @Override
  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      SourceStatus s = status();
      if (s.phase() == Phase.SYNCED) {
        return true;
      }
      if (s.phase() == Phase.FAILED) {
        return false;
      }
      settled.await(50, TimeUnit.MILLISECONDS);
    }
    return false;
  }

  @Override
  public void close() {
    closed = true;
    SharedInformerFactory f = factory;
    if (f != null) {
      f.stopAllRegisteredInformers(true);
    }
    KubeClients.release(client);
  }
}
