package dev.switchboard.app.cluster;

/**
 * Slim projection of a Node: what the picture and the correlator need. Immutable; any thread.
 *
 * @param podCidr null when the node has none assigned
 * @param externalIp null when the node reports none
 */
public record NodeInfo(
    String name, String internalIp, String externalIp, String podCidr, boolean ready, String zone) {

  public ObjectKey key() {
    return ObjectKey.cluster(name);
  }
}
