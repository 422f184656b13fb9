package dev.switchboard.app.link.kube;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.AuthorizationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ResourceAttributes;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1SelfSubjectAccessReview;
import io.kubernetes.client.openapi.models.V1SelfSubjectAccessReviewSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a user needs to reach the sidecars, asked of the API server with the user's own
 * credentials: list/watch the sidecar pods, create port-forwards to them, get the token Secret
 * (capture/deploy/20-user-rbac.yaml grants exactly this). Blocking; the caller's thread.
 */
final class SidecarAccess {
  static final String SECRET = "switchboard-sidecar-token";

  private final ApiClient client;
  private final String namespace;

  SidecarAccess(ApiClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /**
   * The permissions the user lacks, one line each ("may not create pods/portforward in
   * switchboard-system"); empty when all are granted or the API server will not say.
   */
  List<String> missing() {
    List<String> missing = new ArrayList<>();
    check(missing, "list,watch", "pods", null, null, "list", "watch");
    check(missing, "create", "pods", "portforward", null, "create");
    check(missing, "get", "secrets", null, SECRET, "get");
    return missing;
  }

  private void check(List<String> missing, String said, String resource, String sub,
      String name, String... verbs) {
    for (String verb : verbs) {
      if (Boolean.FALSE.equals(allowed(verb, resource, sub, name))) {
        missing.add("may not " + said + " " + resource + (sub == null ? "" : "/" + sub)
            + (name == null ? "" : "/" + name) + " in " + namespace);
        return;
      }
    }
  }

  private Boolean allowed(String verb, String resource, String sub, String name) {
    V1SelfSubjectAccessReview review = new V1SelfSubjectAccessReview().spec(
        new V1SelfSubjectAccessReviewSpec().resourceAttributes(new V1ResourceAttributes()
            .verb(verb).resource(resource).subresource(sub).name(name).namespace(namespace)));
    try {
      var status = new AuthorizationV1Api(client).createSelfSubjectAccessReview(review).execute()
          .getStatus();
      return status == null ? null : status.getAllowed();
    } catch (ApiException | RuntimeException e) {
      return null;
    }
  }

  /** The sidecars' bearer token from their Secret; the exception's message is one line. */
  String token() throws SidecarAccessException {
    V1Secret secret;
    try {
      secret = new CoreV1Api(client).readNamespacedSecret(SECRET, namespace).execute();
    } catch (ApiException e) {
      throw new SidecarAccessException(switch (e.getCode()) {
        case 403 -> "may not get secrets/" + SECRET + " in " + namespace;
        case 404 -> "no Secret " + namespace + "/" + SECRET + ": the sidecars are not installed"
            + " (switchboard install, or kubectl apply -f capture/deploy/ and create the Secret)";
        case 0 -> "cannot read the sidecar token: " + e.getMessage();
        default -> "cannot read the sidecar token: the API server answered " + e.getCode();
      });
    } catch (RuntimeException e) {
      throw new SidecarAccessException("cannot read the sidecar token: " + e.getMessage());
    }
    byte[] token = secret.getData() == null ? null : secret.getData().get("token");
    if (token == null || new String(token, StandardCharsets.UTF_8).isBlank()) {
      throw new SidecarAccessException("the Secret " + namespace + "/" + SECRET
          + " has no \"token\" key");
    }
    return new String(token, StandardCharsets.UTF_8).trim();
  }

  /** A reason the sidecars cannot be reached, in one line. */
  static final class SidecarAccessException extends Exception {
    SidecarAccessException(String message) {
      super(message);
    }
  }
}
