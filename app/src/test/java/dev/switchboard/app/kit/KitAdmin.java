package dev.switchboard.app.kit;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.switchboard.app.cli.GraphJson;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.Interner;
import dev.switchboard.app.cluster.kube.ClusterDumpException;
import dev.switchboard.app.cluster.kube.ClusterDumpLoader;
import dev.switchboard.app.cluster.kube.KubeProjection;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The kit's cluster-admin, for what a test sets up and for the ground truth it compares with: a
 * fresh LIST of everything the cluster model watches. Any thread.
 */
public final class KitAdmin {
  /** Kind and collection path of each resource the model watches. */
  private static final List<String[]> WATCHED = List.of(
      new String[] {"Namespace", "/api/v1/namespaces"},
      new String[] {"Node", "/api/v1/nodes"},
      new String[] {"Pod", "/api/v1/pods"},
      new String[] {"Service", "/api/v1/services"},
      new String[] {"EndpointSlice", "/apis/discovery.k8s.io/v1/endpointslices"});

  private final KubeKit kit;
  private final ApiClient client;

  public KitAdmin(KubeKit kit) throws IOException {
    this.kit = kit;
    try (Reader r = Files.newBufferedReader(kit.kubeconfig())) {
      this.client = ClientBuilder.kubeconfig(KubeConfig.loadKubeConfig(r)).build();
    }
  }

  public ApiClient client() {
    return client;
  }

  public CoreV1Api core() {
    return new CoreV1Api(client);
  }

  public void createNamespace(String name) throws ApiException {
    core().createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(name))).execute();
  }

  /** Deletes a namespace and whatever is in it, without waiting. */
  public void deleteNamespace(String name) {
    try {
      core().deleteNamespace(name).execute();
    } catch (ApiException e) {
      if (e.getCode() != 404) {
        throw new AssertionError("cannot delete namespace " + name + ": " + e.getResponseBody(), e);
      }
    }
  }

  /**
   * Creates a Deployment, Service, Pod, EndpointSlice or ClusterRoleBinding from its YAML, sent
   * as JSON as written (the typed models would add fields this API server's version refuses).
   */
  @SuppressWarnings("unchecked")
  public void create(String yaml) throws IOException {
    Map<String, Object> doc = new org.yaml.snakeyaml.Yaml().load(yaml);
    Map<String, Object> meta = (Map<String, Object>) doc.get("metadata");
    String kind = (String) doc.get("kind");
    String ns = (String) meta.get("namespace");
    String path = switch (kind) {
      case "Deployment" -> "/apis/apps/v1/namespaces/" + ns + "/deployments";
      case "Service" -> "/api/v1/namespaces/" + ns + "/services";
      case "Pod" -> "/api/v1/namespaces/" + ns + "/pods";
      case "Secret" -> "/api/v1/namespaces/" + ns + "/secrets";
      case "EndpointSlice" -> "/apis/discovery.k8s.io/v1/namespaces/" + ns + "/endpointslices";
      case "ClusterRoleBinding" -> "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings";
      default -> throw new IllegalArgumentException("cannot create a " + kind);
    };
    Request request = new Request.Builder().url(kit.api() + path)
        .header("Authorization", "Bearer " + kit.adminToken())
        .post(RequestBody.create(new com.google.gson.Gson().toJson(doc),
            MediaType.get("application/json"))).build();
    try (Response r = client.getHttpClient().newCall(request).execute()) {
      if (!r.isSuccessful()) {
        throw new IOException("POST " + path + " answered " + r.code() + ": "
            + (r.body() == null ? "" : r.body().string()));
      }
    }
  }

  /** A raw GET as JSON, with the admin's credentials. */
  public JsonObject get(String path) throws IOException {
    Request request = new Request.Builder().url(kit.api() + path)
        .header("Authorization", "Bearer " + kit.adminToken()).build();
    try (Response r = client.getHttpClient().newCall(request).execute()) {
      String body = r.body() == null ? "" : r.body().string();
      if (!r.isSuccessful()) {
        throw new IOException("GET " + path + " answered " + r.code() + ": " + body);
      }
      return JsonParser.parseString(body).getAsJsonObject();
    }
  }

  /** The graph a fresh LIST draws, through the dump loader: what a cache must equal. */
  public String freshGraph() throws IOException {
    ClusterStore fresh = new ClusterStore();
    try {
      new ClusterDumpLoader(new KubeProjection(new Interner())).load(new ByteArrayInputStream(
          freshList().toString().getBytes(StandardCharsets.UTF_8)), "fresh", fresh,
          System.currentTimeMillis());
    } catch (ClusterDumpException e) {
      throw new IOException("the fresh LIST does not load: " + e.getMessage(), e);
    }
    return GraphJson.of(fresh.snapshot()).toString();
  }

  /**
   * A fresh LIST of every watched resource, as one {@code kind: List} (items carry their kind,
   * which a LIST leaves out): what a cache of the cluster must equal.
   */
  public JsonObject freshList() throws IOException {
    JsonArray items = new JsonArray();
    for (String[] resource : WATCHED) {
      for (JsonElement e : get(resource[1]).getAsJsonArray("items")) {
        JsonObject o = e.getAsJsonObject();
        o.addProperty("kind", resource[0]);
        items.add(o);
      }
    }
    JsonObject list = new JsonObject();
    list.addProperty("apiVersion", "v1");
    list.addProperty("kind", "List");
    list.add("items", items);
    return list;
  }
}
