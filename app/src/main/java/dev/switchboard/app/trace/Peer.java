package dev.switchboard.app.trace;

/**
 * One end of a connection and who it is in the cluster at the connection's time. Immutable; any
 * thread.
 *
 * @param podNamespace null unless a pod owned {@code ip} at that time
 * @param node the node whose address this is, or the pod's node; null when neither
 */
public record Peer(String ip, int port, String podNamespace, String podName, String node) {}
