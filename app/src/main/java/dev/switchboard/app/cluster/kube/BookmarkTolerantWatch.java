package dev.switchboard.app.cluster.kube;

import com.google.gson.stream.JsonReader;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.util.Watch;
import java.io.IOException;
import java.io.StringReader;
import java.lang.reflect.Type;
import okhttp3.Call;

import okhttp3.ResponseBody;

/**
 * client-java's watch, except for BOOKMARK events: a real API server sends a Pod bookmark as
 * {@code {"spec":{"containers":null},"status":{}}} and an EndpointSlice bookmark without
 * addressType, which client-java 27's model validation rejects — the reflector then relists at
 * every bookmark. A bookmark only carries a resourceVersion, so that is all we read of it.
 * Runs on the informer's reflector thread.
 */
final class BookmarkTolerantWatch extends Watch<KubernetesObject> {
  private static final String BOOKMARK = "BOOKMARK";

  private BookmarkTolerantWatch(ResponseBody body, Type watchType, Call call) {
    super(new JSON(), body, watchType, call);
  }

  static BookmarkTolerantWatch open(Call call, Type watchType) throws ApiException {
    try {
      okhttp3.Response response = call.execute();
      if (!response.isSuccessful()) {
        String body;
        try (ResponseBody b = response.body()) {
          body = b == null ? null : b.string();
        }
        throw new ApiException(response.message(), response.code(), response.headers().toMultimap(),
            body);
      }
      return new BookmarkTolerantWatch(response.body(), watchType, call);
    } catch (IOException e) {
      throw new ApiException(e);
    }
  }

  @Override
  protected Response<KubernetesObject> parseLine(String line) throws IOException {
    if (!BOOKMARK.equals(eventType(line))) {
      return super.parseLine(line);
    }
    return new Watch.Response<>(BOOKMARK, new Bookmark(resourceVersion(line)));
  }

  private static String eventType(String line) throws IOException {
    try (JsonReader r = new JsonReader(new StringReader(line))) {
      r.beginObject();
      while (r.hasNext()) {
        if (r.nextName().equals("type")) {
          return r.nextString();
        }
        r.skipValue();
      }
    }
    return null;
  }

  private static String resourceVersion(String line) throws IOException {
    try (JsonReader r = new JsonReader(new StringReader(line))) {
      r.beginObject();
      while (r.hasNext()) {
        if (!r.nextName().equals("object")) {
          r.skipValue();
          continue;
        }
        r.beginObject();
        while (r.hasNext()) {
          if (!r.nextName().equals("metadata")) {
            r.skipValue();
            continue;
          }
          r.beginObject();
          while (r.hasNext()) {
            if (r.nextName().equals("resourceVersion")) {
              return r.nextString();
            }
            r.skipValue();
          }
          return null;
        }
      }
    }
    return null;
  }

  /** A bookmark's object: only its resourceVersion means anything. */
  private static final class Bookmark implements KubernetesObject {
    private final V1ObjectMeta meta;

    Bookmark(String resourceVersion) {
      this.meta = new V1ObjectMeta().resourceVersion(resourceVersion);
    }

    @Override
    public V1ObjectMeta getMetadata() {
      return meta;
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
