package dev.switchboard.app.link.kube;

import com.google.gson.Gson;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import io.kubernetes.client.util.generic.options.PatchOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code switchboard install}/{@code uninstall}: applies the manifests of capture/deploy/ (the
 * same files {@code kubectl apply -f} takes, bundled in the app) by server-side apply, and creates
 * the sidecars' token Secret with a random token once; uninstall deletes them all and waits
 * until the namespace, and with it every sidecar pod, is gone. With the user's credentials only.
 * Blocking; the caller's thread.
 */
public final class SidecarInstaller {
  private static final List<String> MANIFESTS = List.of("00-namespace.yaml",
      "10-daemonset.yaml", "20-user-rbac.yaml");
  private static final String FIELD_MANAGER = "switchboard";

  private final ApiClient client;
  private final PrintStream out;

  public SidecarInstaller(ApiClient client, PrintStream out) {
    this.client = client;
    this.out = out;
  }

  /** One object of the manifests, as applied. */
  private record Manifest(String group, String version, String plural, String namespace,
      String kind, String name, Map<String, Object> body) {
    String describe() {
      return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }

    DynamicKubernetesApi api(ApiClient client) {
      return new DynamicKubernetesApi(group, version, plural, client);
    }
  }

  /**
   * Applies every manifest and creates the token Secret if it is missing.
   *
   * @param image the sidecar image to run instead of the manifests' one; null to keep it
   */
  public void install(String image) throws InstallException {
    for (Manifest m : manifests()) {
      if (image != null && m.kind().equals("DaemonSet")) {
        setImage(m.body(), image);
      }
      String json = new Gson().toJson(m.body());
      PatchOptions options = new PatchOptions();
      options.setFieldManager(FIELD_MANAGER);
      options.setForce(true);
      KubernetesApiResponse<DynamicKubernetesObject> r = m.namespace() == null
          ? m.api(client).patch(m.name(), V1Patch.PATCH_FORMAT_APPLY_YAML, new V1Patch(json),
              options)
          : m.api(client).patch(m.namespace(), m.name(), V1Patch.PATCH_FORMAT_APPLY_YAML,
              new V1Patch(json), options);
      if (!r.isSuccess()) {
        throw new InstallException(failed("create or update", m, r.getHttpStatusCode(), r));
      }
      out.println("applied " + m.describe());
    }
    createToken(namespace());
  }

  @SuppressWarnings("unchecked")
  private static void setImage(Map<String, Object> daemonSet, String image) {
    Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
        daemonSet.get("spec")).get("template")).get("spec");
    for (Object c : (List<Object>) spec.get("containers")) {
      ((Map<String, Object>) c).put("image", image);
    }
  }

  private void createToken(String namespace) throws InstallException {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    V1Secret secret = new V1Secret().metadata(new V1ObjectMeta().name(SidecarAccess.SECRET)
        .namespace(namespace).labels(Map.of("app.kubernetes.io/part-of", "switchboard")))
        .type("Opaque").data(Map.of("token", token.getBytes(StandardCharsets.UTF_8)));
    try {
      new CoreV1Api(client).createNamespacedSecret(namespace, secret).execute();
      out.println("created Secret " + namespace + "/" + SidecarAccess.SECRET
          + " (a new random token)");
    } catch (ApiException e) {
      if (e.getCode() == 409) {
        out.println("kept Secret " + namespace + "/" + SidecarAccess.SECRET
            + " (its token stays valid)");
        return;
      }
      throw new InstallException(e.getCode() == 403 ? "may not create secrets in " + namespace
          : "cannot create the Secret " + namespace + "/" + SidecarAccess.SECRET + ": "
          + (e.getCode() == 0 ? e.getMessage() : "the API server answered " + e.getCode()));
    }
  }

  /**
   * Deletes what install made, newest first, then waits (at most {@code wait}) until the
   * namespace is gone: its sidecar pods, Secret, Role and RoleBinding go with it.
   */
  public void uninstall(Duration wait) throws InstallException, InterruptedException {
    List<Manifest> all = manifests();
    for (int i = all.size() - 1; i >= 0; i--) {
      Manifest m = all.get(i);
      KubernetesApiResponse<DynamicKubernetesObject> r = m.namespace() == null
          ? m.api(client).delete(m.name()) : m.api(client).delete(m.namespace(), m.name());
      int code = r.getHttpStatusCode();
      if (code == 404) {
        out.println("already gone: " + m.describe());
      } else if (r.isSuccess()) {
        out.println("deleted " + m.describe());
      } else {
        throw new InstallException(failed("delete", m, code, r));
      }
    }
    String namespace = namespace();
    long deadline = System.nanoTime() + wait.toNanos();
    while (namespaceExists(namespace)) {
      if (System.nanoTime() > deadline) {
        throw new InstallException("namespace " + namespace + " is still terminating after "
            + wait.toSeconds() + " s (its pods may be on nodes that no longer answer):"
            + " kubectl get all -n " + namespace);
      }
      Thread.sleep(500);
    }
    out.println("namespace " + namespace + " is gone: nothing of Switchboard is left");
  }

  private boolean namespaceExists(String namespace) throws InstallException {
    try {
      new CoreV1Api(client).readNamespace(namespace).execute();
      return true;
    } catch (ApiException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw new InstallException("cannot check namespace " + namespace + ": "
          + (e.getCode() == 403 ? "may not get namespaces" : e.getMessage()));
    }
  }

  private static String failed(String verb, Manifest m, int code,
      KubernetesApiResponse<?> r) {
    if (code == 403) {
      return "may not " + verb + " " + m.plural() + (m.group().isEmpty() ? "" : "." + m.group())
          + " " + (m.namespace() == null ? m.name() + " (cluster-wide)" : m.name() + " in "
          + m.namespace());
    }
    String why = r.getStatus() == null || r.getStatus().getMessage() == null ? "HTTP " + code
        : r.getStatus().getMessage();
    return "cannot " + verb + " " + m.describe() + ": " + why;
  }

  private String namespace() throws InstallException {
    for (Manifest m : manifests()) {
      if (m.kind().equals("Namespace")) {
        return m.name();
      }
    }
    throw new InstallException("the bundled manifests have no Namespace");
  }

  /** The bundled manifests, in file order. */
  @SuppressWarnings("unchecked")
  private static List<Manifest> manifests() throws InstallException {
    List<Manifest> out = new ArrayList<>();
    for (String file : MANIFESTS) {
      try (InputStream in = SidecarInstaller.class.getResourceAsStream("deploy/" + file)) {
        if (in == null) {
          throw new InstallException("the app was built without its manifests (" + file + ")");
        }
        for (Object doc : new Yaml().loadAll(in)) {
          if (doc instanceof Map<?, ?> map) {
            out.add(manifest((Map<String, Object>) map));
          }
        }
      } catch (IOException e) {
        throw new InstallException("cannot read the bundled " + file + ": " + e.getMessage());
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Manifest manifest(Map<String, Object> doc) throws InstallException {
    String apiVersion = (String) doc.get("apiVersion");
    String kind = (String) doc.get("kind");
    Map<String, Object> meta = (Map<String, Object>) doc.get("metadata");
    int slash = apiVersion.indexOf('/');
    String group = slash < 0 ? "" : apiVersion.substring(0, slash);
    String version = apiVersion.substring(slash + 1);
    String plural = switch (kind) {
      case "Namespace" -> "namespaces";
      case "DaemonSet" -> "daemonsets";
      case "Role" -> "roles";
      case "RoleBinding" -> "rolebindings";
      case "ClusterRole" -> "clusterroles";
      case "ClusterRoleBinding" -> "clusterrolebindings";
      default -> throw new InstallException("the bundled manifests hold a " + kind
          + ", which install does not know");
    };
    return new Manifest(group, version, plural, (String) meta.get("namespace"), kind,
        (String) meta.get("name"), doc);
  }

  /** Why install or uninstall stopped, in one line. */
  public static final class InstallException extends Exception {
    public InstallException(String message) {
      super(message);
    }
  }
}
