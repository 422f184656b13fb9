package dev.switchboard.app.cluster.kube;

import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1EndpointSlice;
import io.kubernetes.client.openapi.models.V1EndpointSliceList;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1NamespaceList;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1NodeList;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceList;

/**
 * The API resources the cluster model watches. Namespaces and Nodes are optional: a user scoped
 * to one namespace often may not list them, and the picture still works (node regions then come
 * from the pods' node names).
 */
public enum WatchedResource {
  NAMESPACES("", "v1", "namespaces", false, true, V1Namespace.class, V1NamespaceList.class),
  NODES("", "v1", "nodes", false, true, V1Node.class, V1NodeList.class),
  PODS("", "v1", "pods", true, false, V1Pod.class, V1PodList.class),
  SERVICES("", "v1", "services", true, false, V1Service.class, V1ServiceList.class),
  ENDPOINT_SLICES("discovery.k8s.io", "v1", "endpointslices", true, false, V1EndpointSlice.class,
      V1EndpointSliceList.class);

  final String group;
  final String version;
  final String plural;
  final boolean namespaced;
  final boolean optional;
  final Class<? extends KubernetesObject> type;
  final Class<? extends KubernetesListObject> listType;

  WatchedResource(String group, String version, String plural, boolean namespaced,
      boolean optional, Class<? extends KubernetesObject> type,
      Class<? extends KubernetesListObject> listType) {
    this.group = group;
    this.version = version;
    this.plural = plural;
    this.namespaced = namespaced;
    this.optional = optional;
    this.type = type;
    this.listType = listType;
  }

  /** "v1", "discovery.k8s.io/v1": what a listed object's apiVersion says. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** "Pod", "EndpointSlice". */
  public String kind() {
    return type.getSimpleName().substring("V1".length());
  }

  /** The name RBAC and kubectl use: "pods", "endpointslices.discovery.k8s.io". */
  public String rbacName() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  public boolean optional() {
    return optional;
  }

  public String scopeText(String namespace) {
    return !namespaced ? "cluster-wide" : namespace == null ? "all namespaces" : "namespace " + namespace;
  }
}
