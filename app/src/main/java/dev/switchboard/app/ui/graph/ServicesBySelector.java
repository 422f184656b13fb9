package dev.switchboard.app.ui.graph;

import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.cluster.PodInfo;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The Services whose selector a pod's labels may satisfy, without trying every Service of the
 * namespace: each Service is filed under one pair of its selector ("key=value", the smallest key),
 * so a pod can only match Services filed under one of its own labels. A readiness flip of a pod
 * then re-diagnoses the few Services selecting it, not the namespace. FX thread (the scene's).
 */
final class ServicesBySelector {
  /** namespace → "key=value" → Services filed there. */
  private final Map<String, Map<String, Set<ObjectKey>>> filed = new HashMap<>();
  /** Service → its selector as filed (to take it out again). */
  private final Map<ObjectKey, Map<String, String>> selectors = new HashMap<>();

  /** Files a Service under its selector (a Service without one selects no pod). */
  void put(ObjectKey service, Map<String, String> selector) {
    remove(service);
    if (selector == null || selector.isEmpty()) {
      return;
    }
    Map<String, String> copy = Map.copyOf(selector);
    selectors.put(service, copy);
    filed.computeIfAbsent(service.namespace(), n -> new HashMap<>())
        .computeIfAbsent(pairOf(copy), p -> new HashSet<>()).add(service);
  }

  void remove(ObjectKey service) {
    Map<String, String> selector = selectors.remove(service);
    if (selector == null) {
      return;
    }
    Map<String, Set<ObjectKey>> inNamespace = filed.get(service.namespace());
    Set<ObjectKey> at = inNamespace.get(pairOf(selector));
    at.remove(service);
    if (at.isEmpty()) {
      inNamespace.remove(pairOf(selector));
    }
  }

  /** Adds to {@code into} the Services of the pod's namespace whose selector it meets. */
  void selecting(PodInfo pod, Set<ObjectKey> into) {
    Map<String, Set<ObjectKey>> inNamespace = filed.get(pod.namespace());
    if (inNamespace == null) {
      return;
    }
    for (Map.Entry<String, String> label : pod.labels().entrySet()) {
      for (ObjectKey service : inNamespace.getOrDefault(pair(label.getKey(), label.getValue()),
          Set.of())) {
        if (pod.matches(selectors.get(service))) {
          into.add(service);
        }
      }
    }
  }

  private static String pairOf(Map<String, String> selector) {
    String key = selector.keySet().stream().min(String::compareTo).orElseThrow();
    return pair(key, selector.get(key));
  }

  private static String pair(String key, String value) {
    return key + "=" + value;
  }
}
