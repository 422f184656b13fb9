package dev.switchboard.app.cluster;

/**
 * Whether the API listed an endpoint as ready for a Service at a moment: what kube-proxy should
 * have followed. Immutable; any thread.
 *
 * @param state "listed", "removed" (the API had taken it out before), "not_yet_listed" (the API
 *     listed it only after), "not_listed" (the API never listed it while it was watched)
 * @param changeMillis how long before (removed) or after (not_yet_listed) the moment the API
 *     changed; 0 otherwise
 */
public record EndpointListing(String state, long changeMillis) {
  public static EndpointListing listed() {
    return new EndpointListing("listed", 0);
  }

  public static EndpointListing notListed() {
    return new EndpointListing("not_listed", 0);
  }

  public static EndpointListing removed(long millisBefore) {
    return new EndpointListing("removed", millisBefore);
  }

  public static EndpointListing notYetListed(long millisAfter) {
    return new EndpointListing("not_yet_listed", millisAfter);
  }

  public boolean ok() {
    return state.equals("listed");
  }
}
