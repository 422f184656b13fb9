package dev.switchboard.app.ui;

import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.trace.Peer;
import java.util.HashMap;
import java.util.Map;

/**
 * How many of the connections this window saw each Service send to each backend: the observed
 * side of "expected vs observed" next to the rules' chances. FX thread.
 */
final class BackendTally {
  private final Map<String, Map<String, Integer>> byService = new HashMap<>();

  void count(ConnectionTrace t) {
    Peer b = t.backend().target();
    if (t.service() == null || b == null) {
      return;
    }
    byService.computeIfAbsent(key(t), k -> new HashMap<>())
        .merge(b.ip() + ":" + b.port(), 1, Integer::sum);
  }

  /** Forgets every count (the timeline moved to another moment). */
  void clear() {
    byService.clear();
  }

  /** Backend "ip:port" → connections, for the trace's Service (and NodePort, if any). */
  Map<String, Integer> of(ConnectionTrace t) {
    return t.service() == null ? Map.of() : byService.getOrDefault(key(t), Map.of());
  }

  private static String key(ConnectionTrace t) {
    return t.service().namespace() + "/" + t.service().name() + ":" + t.service().port() + ":"
        + t.nodePort();
  }
}
