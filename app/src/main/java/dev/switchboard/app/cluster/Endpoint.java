package dev.switchboard.app.cluster;

import java.util.List;

/**
 * One endpoint of an EndpointSlice with its conditions already defaulted the way the API says:
 * ready and serving mean "unknown = ready", terminating means "unknown = not terminating".
 *
 * @param podName null when the endpoint has no Pod targetRef (hand-made slices)
 */
public record Endpoint(
    List<String> addresses,
    boolean ready,
    boolean serving,
    boolean terminating,
    String nodeName,
    String podNamespace,
    String podName) {}
