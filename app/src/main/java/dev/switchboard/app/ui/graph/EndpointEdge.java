package dev.switchboard.app.ui.graph;

import dev.switchboard.app.cluster.EndpointState;
import dev.switchboard.app.cluster.ResolvedEndpoint;

/**
 * The edge from a Service to one backend (address:port), styled by ready / serving /
 * terminating. Attached to a GraphStream edge as attribute {@link #ATTRIBUTE}. Mutable; FX thread.
 */
public final class EndpointEdge {
  public static final String ATTRIBUTE = "sb.endpoint";

  private final String serviceKey;
  private final String targetKey;
  private ResolvedEndpoint endpoint;
  final Presence presence;
  final Blend state;

  EndpointEdge(String serviceKey, String targetKey, ResolvedEndpoint endpoint, long nowNs) {
    this.serviceKey = serviceKey;
    this.targetKey = targetKey;
    this.endpoint = endpoint;
    this.presence = new Presence(nowNs);
    this.state = new Blend(endpoint.state());
  }

  public String serviceKey() {
    return serviceKey;
  }

  public String targetKey() {
    return targetKey;
  }

  public ResolvedEndpoint endpoint() {
    return endpoint;
  }

  public EndpointState currentState() {
    return (EndpointState) state.current();
  }

  public boolean removing() {
    return presence.leaving();
  }

  void update(ResolvedEndpoint e, long nowNs) {
    endpoint = e;
    state.set(e.state(), nowNs);
    presence.stay(nowNs);
  }

  void remove(long nowNs) {
    presence.leave(nowNs);
  }

  public double alpha(long nowNs) {
    return presence.alpha(nowNs);
  }
}
