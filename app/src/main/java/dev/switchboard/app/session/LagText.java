package dev.switchboard.app.session;

import java.util.Locale;

/** kube-proxy's lag in words, for a timeline mark and the inspector. Stateless. */
final class LagText {
  private LagText() {}

  static String describe(ProxyLag.Lag l) {
    if (l.followedAtNanos() < 0) {
      return l.node() + " had not followed " + l.change() + " when the recording ended";
    }
    long ms = l.lagNanos() / 1_000_000L;
    return String.format(Locale.ROOT, "%s followed %s %s", l.node(), l.change(), ms < 0
        ? "before the app saw the API change (its rules were read first)"
        : "within " + (ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0))
            + " (when its sidecar next read the rules)");
  }
}
