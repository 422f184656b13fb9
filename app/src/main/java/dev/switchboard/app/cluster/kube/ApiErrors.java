package dev.switchboard.app.cluster.kube;

import io.kubernetes.client.openapi.ApiException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/** Turns client and transport failures into one line a user can act on. Pure; any thread. */
public final class ApiErrors {
  private ApiErrors() {}

  public static String describe(Throwable t, String server) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException) {
        return "cannot reach the API server at " + server + ": connection refused";
      }
      if (c instanceof UnknownHostException) {
        return "cannot resolve the API server host in " + server + ": " + c.getMessage();
      }
      if (c instanceof SocketTimeoutException) {
        return "the API server at " + server + " did not answer in time";
      }
      if (c instanceof SSLException) {
        return "TLS with the API server at " + server + " failed: " + c.getMessage()
            + " (check certificate-authority in the kubeconfig)";
      }
      if (c instanceof java.io.EOFException || c instanceof java.net.ProtocolException
          || c instanceof java.net.SocketException) {
        return "lost the connection to the API server at " + server + " (" + c.getMessage() + ")";
      }
      if (c instanceof ApiException a && a.getCode() != 0) {
        return describeStatus(a.getCode(), a.getResponseBody(), server);
      }
    }
    return "API request to " + server + " failed: " + t;
  }

  public static String describeStatus(int code, String body, String server) {
    return switch (code) {
      case 401 -> "the API server at " + server + " rejected the credentials (401 Unauthorized):"
          + " renew the token or certificate of the kubeconfig user";
      case 403 -> "forbidden (403): " + statusMessage(body);
      case 404 -> "the API server at " + server + " does not serve this resource (404)";
      default -> "the API server at " + server + " answered " + code + ": " + statusMessage(body);
    };
  }

  static String statusMessage(String body) {
    if (body == null || body.isBlank()) {
      return "(no message)";
    }
    try {
      var json = com.google.gson.JsonParser.parseString(body);
      if (json.isJsonObject() && json.getAsJsonObject().has("message")) {
        return json.getAsJsonObject().get("message").getAsString();
      }
    } catch (RuntimeException e) {
      // not a Status body: show it as it came
    }
    return body.length() > 200 ? body.substring(0, 200) + "…" : body;
  }
}
