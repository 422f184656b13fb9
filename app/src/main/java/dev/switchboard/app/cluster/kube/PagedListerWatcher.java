package dev.switchboard.app.cluster.kube;

import com.google.gson.reflect.TypeToken;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.informer.ListerWatcher;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.Pair;
import io.kubernetes.client.openapi.models.V1ListMeta;
import io.kubernetes.client.util.CallGeneratorParams;
import io.kubernetes.client.util.Watch;
import io.kubernetes.client.util.Watchable;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import okhttp3.Call;

/**
 * LIST in pages of {@link #PAGE} (limit + continue, as client-go's pager does, so a 150k-pod
 * cluster is not one response) and WATCH with bookmarks, so a reconnect resumes from a recent
 * resourceVersion. An expired continue token restarts the list without paging. Each page's
 * objects are slimmed as the page arrives: the reflector holds a whole LIST before the informer
 * transforms it, so every young collection during a 150,000-pod LIST copied the full pods read
 * so far. Runs on the informer's reflector thread.
 */
final class PagedListerWatcher implements ListerWatcher<KubernetesObject, KubernetesListObject> {
  static final int PAGE = 500;
  private static final String[] AUTH = {"BearerToken"};
  /**
   * One page read and parsed at a time, across every resource: five reflectors parsing at once
   * took both cores of a 2-core machine during a 150,000-pod sync, and the window's thread waited
   * for a core (picture-sync benchmark: waits over 50 ms not in a GC pause, 30–37 → 11).
   */
  private static final Semaphore ONE_PAGE_AT_A_TIME = new Semaphore(1);
  /** A page that takes longer (a stalled server) stops holding up the other resources' pages. */
  private static final long TURN_WAIT_SECONDS = 10;

  private final ApiClient client;
  private final WatchedResource resource;
  private final String path;
  private final Type watchType;
  private final ConnectionMonitor monitor;
  /** The informer's transform, applied early; it leaves what it already slimmed as it is. */
  private final UnaryOperator<KubernetesObject> slim;
  private PagedList lastList;

  PagedListerWatcher(ApiClient client, WatchedResource resource, String namespace,
      ConnectionMonitor monitor, UnaryOperator<KubernetesObject> slim) {
    this.client = client;
    this.monitor = monitor;
    this.slim = slim;
    this.resource = resource;
    String base = (resource.group.isEmpty() ? "/api/" : "/apis/") + resource.apiVersion();
    this.path = base + (resource.namespaced && namespace != null ? "/namespaces/" + namespace : "")
        + "/" + resource.plural;
    this.watchType = TypeToken.getParameterized(Watch.Response.class, resource.type).getType();
  }

  @Override
  public KubernetesListObject list(CallGeneratorParams params) throws ApiException {
    try {
      KubernetesListObject list;
      String listedFrom = params.resourceVersion;
      try {
        list = listPaged(params.resourceVersion, PAGE);
      } catch (ApiException e) {
        if (e.getCode() != 410) {
          throw e;
        }
        // Compacted away: the version it resumed from (a real API server answers a paged LIST
        // at a compacted version so), or the continue token expired mid-list. One fresh read.
        list = listPaged("", 0);
        listedFrom = "";
      }
      monitor.succeeded();
      monitor.listed(listedFrom);
      return list;
    } catch (ApiException | RuntimeException e) {
      monitor.failed(e);
      throw e;
    }
  }

  private KubernetesListObject listPaged(String resourceVersion, int limit) throws ApiException {
    List<KubernetesObject> items = new ArrayList<>();
    V1ListMeta first = null;
    String cont = null;
    do {
      List<Pair> q = new ArrayList<>();
      if (cont == null && resourceVersion != null) {
        q.addAll(client.parameterToPair("resourceVersion", resourceVersion));
      }
      if (limit > 0) {
        q.addAll(client.parameterToPair("limit", limit));
      }
      if (cont != null) {
        q.addAll(client.parameterToPair("continue", cont));
      }
      KubernetesListObject page = readPage(q);
      if (first == null) {
        first = page.getMetadata();
      }
      for (KubernetesObject item : page.getItems()) {
        items.add(slim.apply(item));
      }
      cont = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (cont != null && !cont.isEmpty());
    lastList = new PagedList(new V1ListMeta().resourceVersion(first.getResourceVersion()), items);
    return lastList;
  }

  private KubernetesListObject readPage(List<Pair> query) throws ApiException {
    boolean turn;
    try {
      turn = ONE_PAGE_AT_A_TIME.tryAcquire(TURN_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(e);
    }
    try {
      return client.<KubernetesListObject>execute(call(query, "application/json"),
          resource.listType).getData();
    } finally {
      if (turn) {
        ONE_PAGE_AT_A_TIME.release();
      }
    }
  }

  @Override
  public Watchable<KubernetesObject> watch(CallGeneratorParams params) throws ApiException {
    // client-java's reflector keeps the LIST it got in a local variable for as long as it
    // watches; by now its items are in the DeltaFIFO, so empty it rather than hold a second
    // list of every object for the life of the watch.
    if (lastList != null) {
      lastList.items().clear();
      lastList = null;
    }
    List<Pair> q = new ArrayList<>();
    q.addAll(client.parameterToPair("watch", true));
    q.addAll(client.parameterToPair("allowWatchBookmarks", true));
    if (params.resourceVersion != null) {
      q.addAll(client.parameterToPair("resourceVersion", params.resourceVersion));
    }
    if (params.timeoutSeconds != null) {
      q.addAll(client.parameterToPair("timeoutSeconds", params.timeoutSeconds));
    }
    try {
      Watchable<KubernetesObject> watch =
          BookmarkTolerantWatch.open(call(q, "application/json;stream=watch"), watchType);
      monitor.succeeded();
      return watch;
    } catch (ApiException | RuntimeException e) {
      monitor.failed(e);
      throw e;
    }
  }

  private Call call(List<Pair> query, String accept) throws ApiException {
    Map<String, String> headers = new HashMap<>();
    headers.put("Accept", accept);
    return client.buildCall(client.getBasePath(), path, "GET", query, new ArrayList<>(), null,
        headers, new HashMap<>(), new HashMap<>(), AUTH, null);
  }

  /** The concatenated pages, as the reflector reads them: metadata and items only. */
  private record PagedList(V1ListMeta metadata, List<KubernetesObject> items)
      implements KubernetesListObject {
    @Override
    public V1ListMeta getMetadata() {
      return metadata;
    }

    @Override
    public List<? extends KubernetesObject> getItems() {
      return items;
    }

    @Override
    public String getApiVersion() {
      return null;
    }

    @Override
    public String getKind() {
      return null;
    }
  }
}
