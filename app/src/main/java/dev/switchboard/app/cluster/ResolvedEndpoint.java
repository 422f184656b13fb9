package dev.switchboard.app.cluster;

/**
 * One backend of a Service port: an endpoint address with the port its slice resolved, and the
 * pod behind it when the slice names one. Immutable; any thread.
 *
 * @param portName the Service port's name ("" for a single unnamed port)
 */
public record ResolvedEndpoint(
    String ip,
    int port,
    String portName,
    String protocol,
    String podNamespace,
    String podName,
    String node,
    boolean ready,
    boolean serving,
    boolean terminating) {

  /** The three states an endpoint edge is drawn in. */
  public EndpointState state() {
    if (terminating) {
      return serving ? EndpointState.TERMINATING_SERVING : EndpointState.TERMINATING;
    }
    return ready ? EndpointState.READY : EndpointState.NOT_READY;
  }
}
