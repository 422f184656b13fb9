package dev.switchboard.app.trace;

import dev.switchboard.capture.event.ConnectionClosed;
import dev.switchboard.capture.event.ConnectionOpened;
import dev.switchboard.capture.event.Endpoint;
import dev.switchboard.capture.event.Translated;
import java.util.ArrayList;
import java.util.List;

/**
 * The events gathered for one connection so far, from one or more nodes. Owned by the
 * correlation thread.
 */
final class PendingConnection {
  final List<String> nodes = new ArrayList<>();
  /** node/id of every sidecar's view of this connection. */
  final List<String> keys = new ArrayList<>();
  /** The wire tuples (client, destination) this connection was seen with, for joining views. */
  final List<String> wires = new ArrayList<>();
  final String protocol;
  private final String traceId;
  ConnectionOpened opened;
  Translated translated;
  ConnectionClosed closed;
  /** The client and dialled address when no open was seen (the link joined mid-connection). */
  private Endpoint client;
  private Endpoint dialled;
  long firstSeenNanos;
  long closedAtNanos = -1;
  /** Waiting in the finished queue. */
  boolean queued;
  /** Its translation was already shown as a preview while it was open. */
  boolean previewed;
  /** Taken in by another view; its events now count there. */
  boolean merged;

  PendingConnection(String node, String key, String traceId, String protocol,
      long firstSeenNanos) {
    this.traceId = traceId;
    this.protocol = protocol;
    this.firstSeenNanos = firstSeenNanos;
    nodes.add(node);
    keys.add(key);
  }

  /** The trace's id: the first view's node/id, made unique if that id was seen before. */
  String id() {
    return traceId;
  }

  String firstNode() {
    return nodes.get(0);
  }

  Endpoint client() {
    return opened != null && !openedAfterNat() ? opened.client()
        : translated != null ? translated.client() : client;
  }

  Endpoint dialled() {
    return opened != null && !openedAfterNat() ? opened.destination()
        : translated != null ? translated.destination() : dialled;
  }

  /**
   * The capture saw this connection only after kube-proxy's DNAT (it started on the node or in a
   * hostNetwork pod) and conntrack said what it dialled: the client and the address dialled are
   * conntrack's original ones, not the SYN's.
   */
  private boolean openedAfterNat() {
    return translated != null && !opened.destination().equals(translated.destination())
        && opened.destination().equals(translated.translatedDestination());
  }

  void sawOnly(Endpoint client, Endpoint dialled) {
    this.client = client;
    this.dialled = dialled;
  }

  long startedAtNanos() {
    if (opened != null) {
      return opened.timestampNanos();
    }
    if (closed != null) {
      return closed.timestampNanos() - closed.durationNanos();
    }
    return firstSeenNanos;
  }

  /**
   * Takes in another node's view of the same connection (the backend's node seeing it arrive
   * already translated): its nodes, and its outcome when this view has none.
   */
  void absorb(PendingConnection other) {
    for (int i = 0; i < other.nodes.size(); i++) {
      if (!nodes.contains(other.nodes.get(i))) {
        nodes.add(other.nodes.get(i));
      }
    }
    keys.addAll(other.keys);
    wires.addAll(other.wires);
    if (closed == null && other.closed != null) {
      closed = other.closed;
      closedAtNanos = other.closedAtNanos;
    }
    other.merged = true;
  }
}
