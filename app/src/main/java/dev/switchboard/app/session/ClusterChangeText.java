package dev.switchboard.app.session;

import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.cluster.PodInfo;

/** A pod's change in a few words, for a timeline mark; null when nothing worth a mark changed. */
final class ClusterChangeText {
  private ClusterChangeText() {}

  static String pod(ObjectKey key, PodInfo before, PodInfo after) {
    if (after == null) {
      return before == null ? null : "pod " + key + " removed" + ip(before);
    }
    if (before == null) {
      return "pod " + key + " added" + ip(after);
    }
    if (before.ready() != after.ready()) {
      return "pod " + key + (after.ready() ? " ready" : " not ready") + ip(after);
    }
    if (!before.terminating() && after.terminating()) {
      return "pod " + key + " terminating";
    }
    if (before.ip() == null && after.ip() != null) {
      return "pod " + key + " got" + ip(after);
    }
    return null;
  }

  private static String ip(PodInfo p) {
    return p.ip() == null ? "" : " (" + p.ip() + ")";
  }
}
