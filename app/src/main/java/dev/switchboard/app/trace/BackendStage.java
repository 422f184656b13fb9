package dev.switchboard.app.trace;

import dev.switchboard.app.cluster.EndpointListing;

/**
 * Where the connection really went. Immutable; any thread.
 *
 * @param target the backend's address and port and who owned it then; null when unknown
 * @param source {@code capture} (the SYN seen after DNAT), {@code conntrack}, {@code direct} (no
 *     translation: a pod or external address was dialled), {@code rules} (the only backend the
 *     rules allow) or null
 * @param listing whether the API listed the backend as a ready endpoint of the Service when the
 *     connection was made (a translation kube-proxy chose from rules the API had already
 *     changed shows here); null when not checked (no Service, or no backend seen)
 */
public record BackendStage(Peer target, String source, Evidence evidence,
    EndpointListing listing) {

  public BackendStage(Peer target, String source, Evidence evidence) {
    this(target, source, evidence, null);
  }

  BackendStage withListing(EndpointListing l) {
    return new BackendStage(target, source, evidence, l);
  }
}
