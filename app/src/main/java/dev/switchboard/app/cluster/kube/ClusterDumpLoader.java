package dev.switchboard.app.cluster.kube;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import dev.switchboard.app.cluster.ClusterStore;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1Service;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@code kubectl get nodes,pods,services,endpointslices -A -o yaml} (or {@code -o json},
 * or several YAML documents) into a {@link ClusterStore}. Items it cannot read are reported and
 * skipped; the rest still load. Runs on the caller's thread.
 */
public final class ClusterDumpLoader {
  private final KubeProjection projection;

  public ClusterDumpLoader(KubeProjection projection) {
    this.projection = projection;
  }

  public DumpReport load(Path file, ClusterStore store) throws ClusterDumpException {
    try (InputStream in = Files.newInputStream(file)) {
      return load(in, file.toString(), store, Files.getLastModifiedTime(file).toMillis());
    } catch (NoSuchFileException e) {
      throw new ClusterDumpException("cluster dump not found: " + file);
    } catch (IOException e) {
      throw new ClusterDumpException("cannot read cluster dump " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * @param observedAtMillis when the dump was taken (used where an object carries no time)
   */
  public DumpReport load(InputStream in, String name, ClusterStore store, long observedAtMillis)
      throws ClusterDumpException {
    List<Map<String, Object>> items = new ArrayList<>();
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      int doc = 0;
      for (Object document : yaml().loadAll(reader)) {
        doc++;
        if (document == null) {
          continue;
        }
        collect(document, name, doc, items);
      }
    } catch (MarkedYAMLException e) {
      throw new ClusterDumpException(name + " is not YAML or JSON: " + e.getProblem() + " at line "
          + (e.getProblemMark().getLine() + 1) + ", column " + (e.getProblemMark().getColumn() + 1));
    } catch (YAMLException | IOException e) {
      throw new ClusterDumpException(name + " is not a readable cluster dump: " + e.getMessage(), e);
    }
    if (items.isEmpty()) {
      throw new ClusterDumpException(name + " holds no Kubernetes objects (expected the output of"
          + " kubectl get nodes,pods,services,endpointslices -A -o yaml)");
    }
    return apply(items, store, observedAtMillis);
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE); // a 150k-pod dump is hundreds of megabytes
    options.setMaxAliasesForCollections(50);
    options.setAllowDuplicateKeys(true);
    return new Yaml(new SafeConstructor(options));
  }

  @SuppressWarnings("unchecked")
  private static void collect(Object document, String name, int doc, List<Map<String, Object>> out)
      throws ClusterDumpException {
    if (!(document instanceof Map)) {
      throw new ClusterDumpException(name + " document " + doc + " is not a Kubernetes object"
          + " (found " + document.getClass().getSimpleName().toLowerCase() + ")");
    }
    Map<String, Object> map = (Map<String, Object>) document;
    Object items = map.get("items");
    if (items instanceof List) {
      for (Object item : (List<Object>) items) {
        if (item instanceof Map) {
          out.add((Map<String, Object>) item);
        }
      }
    } else if (map.get("kind") instanceof String) {
      out.add(map);
    } else {
      throw new ClusterDumpException(name + " document " + doc
          + " has neither a kind nor items: not a Kubernetes object or list");
    }
  }

  private DumpReport apply(List<Map<String, Object>> items, ClusterStore store, long at) {
    Gson gson = JSON.getGson();
    Map<String, Integer> loaded = new TreeMap<>();
    Map<String, Integer> ignored = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    int position = 0;
    for (Map<String, Object> item : items) {
      position++;
      String kind = String.valueOf(item.get("kind"));
      try {
        JsonElement json = gson.toJsonTree(plain(item));
        boolean known = true;
        switch (kind) {
          case "Namespace" -> store.putNamespace(projection.namespace(gson.fromJson(json, V1Namespace.class)));
          case "Node" -> store.putNode(projection.node(gson.fromJson(json, V1Node.class)));
          case "Pod" -> store.putPod(projection.pod(gson.fromJson(json, V1Pod.class)), at);
          case "Service" -> store.putService(projection.service(gson.fromJson(json, V1Service.class)));
          case "EndpointSlice" -> store.putSlice(projection.slice(gson.fromJson(json, V1EndpointSlice.class)));
          default -> known = false;
        }
        (known ? loaded : ignored).merge(kind, 1, Integer::sum);
      } catch (RuntimeException e) {
        problems.add("item " + position + " (" + kind + " " + describe(item) + "): "
            + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
    return new DumpReport(loaded, ignored, problems);
  }

  @SuppressWarnings("unchecked")
  private static String describe(Map<String, Object> item) {
    Object meta = item.get("metadata");
    if (meta instanceof Map<?, ?> m) {
      Object ns = m.get("namespace");
      return (ns == null ? "" : ns + "/") + m.get("name");
    }
    return "without metadata";
  }

  /** YAML may carry unquoted timestamps; the API's JSON form is an RFC 3339 string. */
  @SuppressWarnings("unchecked")
  private static Object plain(Object value) {
    if (value instanceof Date d) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(d.toInstant().atOffset(ZoneOffset.UTC));
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.put(String.valueOf(e.getKey()), plain(e.getValue()));
      }
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(plain(o));
      }
      return out;
    }
    return value;
  }
}
