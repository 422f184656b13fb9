package dev.switchboard.app.cluster.kube;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1ResourceAttributes;
import io.kubernetes.client.openapi.models.V1SelfSubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SelfSubjectAccessReviewSpec;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.options.ListOptions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Before the informers start: one small LIST per resource (reachability, credentials, list
 * permission) and a SelfSubjectAccessReview for watch, so a user reads "missing: watch pods (all
 * namespaces)" instead of an informer retrying forever. Blocking; runs on the caller's thread.
 */
public final class AccessCheck {
  private static final String[] VERBS = {"list", "watch"};

  private final ApiClient client;
  private final String server;

  public AccessCheck(ApiClient client, String server) {
    this.client = client;
    this.server = server;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  public AccessReport run(String namespace) {
    List<String> missing = new ArrayList<>();
    Set<WatchedResource> skipped = EnumSet.noneOf(WatchedResource.class);
    String fatal = null;
    for (WatchedResource r : WatchedResource.values()) {
      GenericKubernetesApi api = new GenericKubernetesApi(r.type, r.listType, r.group, r.version,
          r.plural, client);
      ListOptions one = new ListOptions();
      one.setLimit(1);
      KubernetesApiResponse response;
      try {
        response = namespace != null && r.namespaced ? api.list(namespace, one) : api.list(one);
      } catch (RuntimeException e) {
        return new AccessReport(ApiErrors.describe(e, server), missing, skipped);
      }
      int code = response.getHttpStatusCode();
      if (code == 401 || (code != 403 && code >= 300)) {
        String body = response.getStatus() == null ? null
            : io.kubernetes.client.openapi.JSON.serialize(response.getStatus());
        return new AccessReport(ApiErrors.describeStatus(code, body, server), missing, skipped);
      }
      List<String> denied = new ArrayList<>();
      if (code == 403) {
        denied.add("list");
      }
      for (String verb : VERBS) {
        if (!denied.contains(verb) && Boolean.FALSE.equals(allowed(verb, r, namespace))) {
          denied.add(verb);
        }
      }
      if (!denied.isEmpty()) {
        missing.add(String.join(",", denied) + " " + r.rbacName() + " (" + r.scopeText(namespace) + ")");
        if (r.optional()) {
          skipped.add(r);
        } else if (fatal == null) {
          fatal = "forbidden: the kubeconfig user may not " + String.join(",", denied) + " "
              + r.rbacName() + " (" + r.scopeText(namespace) + ")";
        }
      }
    }
    if (fatal != null && missing.size() > 1) {
      fatal = "forbidden: missing RBAC permissions: " + String.join("; ", missing);
    }
    return new AccessReport(fatal, List.copyOf(missing), skipped);
  }

  /** TRUE / FALSE from a SelfSubjectAccessReview, null when the review itself is unavailable. */
  private Boolean allowed(String verb, WatchedResource r, String namespace) {
    V1SelfSubjectAccessReview review = new V1SelfSubjectAccessReview()
        .spec(new V1SelfSubjectAccessReviewSpec().resourceAttributes(new V1ResourceAttributes()
            .verb(verb).group(r.group).resource(r.plural)
            .namespace(r.namespaced ? namespace : null)));
    try {
      V1SelfSubjectAccessReview result = new AuthorizationV1Api(client)
          .createSelfSubjectAccessReview(review).execute();
      return result.getStatus() == null ? null : result.getStatus().getAllowed();
    } catch (ApiException | RuntimeException e) {
      return null;
    }
  }
}
