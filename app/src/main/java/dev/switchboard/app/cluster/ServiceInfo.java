package dev.switchboard.app.cluster;

import java.util.List;
import java.util.Map;

/**
 * Slim projection of a Service. Immutable; any thread.
 *
 * @param clusterIp "None" for a headless Service, null for ExternalName
 * @param selector null for a selector-less Service (endpoints made by hand)
 * @param loadBalancerIngress IPs or hostnames; empty while a LoadBalancer is pending
 * @param affinityTimeoutSeconds 0 unless sessionAffinity is ClientIP
 */
public record ServiceInfo(
    String namespace,
    String name,
    String uid,
    ServiceType type,
    String clusterIp,
    List<String> clusterIps,
    String externalName,
    List<String> externalIps,
    List<String> loadBalancerIngress,
    Map<String, String> selector,
    List<ServicePort> ports,
    String sessionAffinity,
    int affinityTimeoutSeconds,
    String externalTrafficPolicy,
    String internalTrafficPolicy) {

  public static final String HEADLESS = "None";

  public ObjectKey key() {
    return new ObjectKey(namespace, name);
  }

  public boolean headless() {
    return HEADLESS.equals(clusterIp);
  }

  /** A virtual IP kube-proxy programs; headless and ExternalName Services have none. */
  public boolean hasVirtualIp() {
    return clusterIp != null && !clusterIp.isEmpty() && !headless();
  }

  public boolean hasSelector() {
    return selector != null && !selector.isEmpty();
  }

  /** The DNS name the cluster DNS serves for this Service. */
  public String dnsName(String clusterDomain) {
    return name + "." + namespace + ".svc." + clusterDomain;
  }
}
