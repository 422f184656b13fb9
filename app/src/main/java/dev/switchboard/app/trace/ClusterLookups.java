package dev.switchboard.app.trace;

import dev.switchboard.app.cluster.ClusterIndex;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.cluster.EndpointListing;
import dev.switchboard.app.cluster.NodeInfo;
import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.ServiceInfo;
import dev.switchboard.app.cluster.ServiceMatch;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The narrow, time-aware questions the correlator asks about the cluster. Implementations are
 * safe to call from the correlation thread while informers write.
 */
public interface ClusterLookups {

  /** The pod that owned {@code ip} at {@code atMillis}, or null. */
  PodInfo podAt(String ip, long atMillis);

  NodeInfo nodeByIp(String ip);

  ServiceMatch serviceByVip(String ip, int port, String protocol);

  ServiceMatch serviceByNodePort(int nodePort, String protocol);

  ServiceMatch serviceByLoadBalancerIp(String ip, int port, String protocol);

  ServiceInfo service(String namespace, String name);

  /**
   * Whether the API listed {@code ip:port} as a ready endpoint of the Service at
   * {@code atMillis}.
   */
  EndpointListing endpointListing(String namespace, String name, String ip, int port,
      long atMillis);

  /** Lookups through the store's lock, one short read per question. */
  static ClusterLookups of(ClusterStore store) {
    return of(() -> store);
  }

  /** Lookups in whichever store {@code current} gives (a window can switch clusters). */
  static ClusterLookups of(Supplier<ClusterStore> current) {
    return new ClusterLookups() {
      private <T> T read(Function<ClusterIndex, T> q) {
        return current.get().read(q);
      }

      @Override
      public PodInfo podAt(String ip, long atMillis) {
        return read(ix -> ix.podByIp(ip, atMillis));
      }

      @Override
      public NodeInfo nodeByIp(String ip) {
        return read(ix -> ix.nodeByIp(ip));
      }

      @Override
      public ServiceMatch serviceByVip(String ip, int port, String protocol) {
        return read(ix -> ix.serviceByVip(ip, port, protocol));
      }

      @Override
      public ServiceMatch serviceByNodePort(int nodePort, String protocol) {
        return read(ix -> ix.serviceByNodePort(nodePort, protocol));
      }

      @Override
      public ServiceMatch serviceByLoadBalancerIp(String ip, int port, String protocol) {
        return read(ix -> ix.serviceByLoadBalancerIp(ip, port, protocol));
      }

      @Override
      public ServiceInfo service(String namespace, String name) {
        return read(ix -> ix.service(new ObjectKey(namespace, name)));
      }

      @Override
      public EndpointListing endpointListing(String namespace, String name, String ip, int port,
          long atMillis) {
        return read(ix -> ix.endpointListing(new ObjectKey(namespace, name), ip, port, atMillis));
      }
    };
  }
}
