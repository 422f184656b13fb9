package dev.switchboard.app.cluster;

/** The four Service types; headless is a ClusterIP Service whose clusterIP is "None". */
public enum ServiceType {
  CLUSTER_IP("ClusterIP"),
  NODE_PORT("NodePort"),
  LOAD_BALANCER("LoadBalancer"),
  EXTERNAL_NAME("ExternalName");

  private final String apiName;

  ServiceType(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }

  public static ServiceType parse(String value) {
    for (ServiceType t : values()) {
      if (t.apiName.equals(value)) {
        return t;
      }
    }
    return CLUSTER_IP;
  }
}
