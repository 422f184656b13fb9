package dev.switchboard.app.cluster.kube;

import io.kubernetes.client.util.KubeConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Finds and merges kubeconfig files the way kubectl does: {@code --kubeconfig} alone if given,
 * else every file of {@code KUBECONFIG} (missing ones skipped, the first to define a name or the
 * current-context wins), else {@code ~/.kube/config}. Relative certificate and key paths are
 * resolved against the file that names them. Any thread.
 */
public final class KubeconfigResolver {
  private static final String[] PATH_KEYS = {"certificate-authority", "client-certificate",
      "client-key", "tokenFile"};

  private final Map<String, String> env;

  public KubeconfigResolver(Map<String, String> env) {
    this.env = env;
  }

  public KubeTarget resolve(Path explicit, String context) throws KubeconfigException {
    List<Path> files = candidateFiles(explicit);
    Map<String, Object> clusters = new LinkedHashMap<>();
    Map<String, Object> contexts = new LinkedHashMap<>();
    Map<String, Object> users = new LinkedHashMap<>();
    String current = null;
    List<Path> used = new ArrayList<>();
    for (Path file : files) {
      Map<String, Object> doc = read(file);
      if (doc == null) {
        continue;
      }
      used.add(file);
      Path dir = file.toAbsolutePath().getParent();
      mergeNamed(doc.get("clusters"), "cluster", clusters, dir, file);
      mergeNamed(doc.get("contexts"), "context", contexts, dir, file);
      mergeNamed(doc.get("users"), "user", users, dir, file);
      Object cc = doc.get("current-context");
      if (current == null && cc instanceof String s && !s.isEmpty()) {
        current = s;
      }
    }
    if (used.isEmpty()) {
      throw new KubeconfigException("no kubeconfig found (looked at " + describe(files)
          + "); pass --kubeconfig FILE, or --dump FILE to open a cluster dump");
    }
    String chosen = context != null ? context : current;
    List<String> names = List.copyOf(contexts.keySet());
    if (chosen == null) {
      throw new KubeconfigException("kubeconfig has no current-context; pass --context (available: "
          + String.join(", ", names) + ")");
    }
    Object ctx = contexts.get(chosen);
    if (ctx == null) {
      throw new KubeconfigException("context \"" + chosen + "\" not found in kubeconfig (available: "
          + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
    }
    Map<?, ?> ctxBody = body(ctx, "context");
    String clusterName = String.valueOf(ctxBody.get("cluster"));
    Object cluster = clusters.get(clusterName);
    if (cluster == null) {
      throw new KubeconfigException("context \"" + chosen + "\" refers to cluster \"" + clusterName
          + "\", which the kubeconfig does not define");
    }
    Object server = body(cluster, "cluster").get("server");
    if (!(server instanceof String s) || s.isBlank()) {
      throw new KubeconfigException("cluster \"" + clusterName + "\" has no server address");
    }
    Object userName = ctxBody.get("user");
    if (userName != null && !users.containsKey(String.valueOf(userName))) {
      throw new KubeconfigException("context \"" + chosen + "\" refers to user \"" + userName
          + "\", which the kubeconfig does not define");
    }
    KubeConfig config = new KubeConfig(new ArrayList<>(contexts.values()),
        new ArrayList<>(clusters.values()), new ArrayList<>(users.values()));
    config.setContext(chosen);
    config.setFile(used.get(0).toAbsolutePath().toFile());
    Object ns = ctxBody.get("namespace");
    return new KubeTarget(config, chosen, ns instanceof String n && !n.isEmpty() ? n : "default",
        (String) server, List.copyOf(used), names);
  }

  private List<Path> candidateFiles(Path explicit) throws KubeconfigException {
    if (explicit != null) {
      if (!Files.isRegularFile(explicit)) {
        throw new KubeconfigException("kubeconfig not found: " + explicit);
      }
      return List.of(explicit);
    }
    String list = env.get("KUBECONFIG");
    List<Path> out = new ArrayList<>();
    if (list != null && !list.isBlank()) {
      for (String part : list.split(java.io.File.pathSeparator)) {
        if (!part.isBlank()) {
          out.add(Path.of(part));
        }
      }
      return out;
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    out.add(Path.of(home, ".kube", "config"));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(Path file) throws KubeconfigException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
      if (doc == null) {
        return Map.of();
      }
      if (!(doc instanceof Map)) {
        throw new KubeconfigException("kubeconfig " + file + " is not a kubeconfig (expected a YAML"
            + " mapping with clusters, contexts and users)");
      }
      return (Map<String, Object>) doc;
    } catch (MarkedYAMLException e) {
      throw new KubeconfigException("kubeconfig " + file + " is not valid YAML: " + e.getProblem()
          + " at line " + (e.getProblemMark().getLine() + 1));
    } catch (YAMLException | IOException e) {
      throw new KubeconfigException("cannot read kubeconfig " + file + ": " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static void mergeNamed(Object section, String bodyKey, Map<String, Object> into, Path dir,
      Path file) throws KubeconfigException {
    if (section == null) {
      return;
    }
    if (!(section instanceof List<?> list)) {
      throw new KubeconfigException("kubeconfig " + file + ": " + bodyKey + "s must be a list");
    }
    for (Object entry : list) {
      if (!(entry instanceof Map<?, ?> m) || !(m.get("name") instanceof String name)
          || !(m.get(bodyKey) instanceof Map)) {
        throw new KubeconfigException("kubeconfig " + file + ": every " + bodyKey
            + " needs a name and a " + bodyKey + " section");
      }
      if (into.containsKey(name)) {
        continue;
      }
      Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
      Map<String, Object> body = new LinkedHashMap<>((Map<String, Object>) m.get(bodyKey));
      for (String key : PATH_KEYS) {
        if (body.get(key) instanceof String p && !p.isEmpty() && !Path.of(p).isAbsolute()) {
          body.put(key, dir.resolve(p).normalize().toString());
        }
      }
      copy.put(bodyKey, body);
      into.put(name, copy);
    }
  }

  private static Map<?, ?> body(Object entry, String key) {
    return (Map<?, ?>) ((Map<?, ?>) entry).get(key);
  }

  private static String describe(List<Path> files) {
    List<String> names = new ArrayList<>();
    for (Path p : files) {
      names.add(p.toString());
    }
    return String.join(", ", names);
  }
}
