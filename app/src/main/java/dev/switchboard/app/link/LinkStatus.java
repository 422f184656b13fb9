package dev.switchboard.app.link;

/**
 * Where one sidecar link stands, for the status bar and the CLI's log. Immutable; any thread.
 *
 * @param node the node the sidecar named in its hello; null before the first one
 * @param reconnects how many times the stream was re-established
 * @param message a plain sentence: what is happening or what went wrong
 */
public record LinkStatus(String url, String node, LinkState state, long reconnects,
    String message) {

  /** The life of a link. */
  public enum LinkState {
    CONNECTING,
    STREAMING,
    /** Waiting to retry after a failure (server gone, stream cut, token refused). */
    RETRYING,
    /** Ended: a file read to its end, or a link closed by its user. */
    CLOSED,
    /**
     * Ended early: a file that could not be read, or was damaged partway; a source stopped by an
     * internal error. What came before was delivered; the message says what stopped it.
     */
    FAILED
  }
}
