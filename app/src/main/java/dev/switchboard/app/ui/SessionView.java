package dev.switchboard.app.ui;

import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.link.LinkStatus;
import dev.switchboard.app.session.SessionIndex;
import dev.switchboard.app.session.SessionPlayer;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.ui.graph.GraphView;
import dev.switchboard.app.ui.session.SessionPane;
import dev.switchboard.app.ui.theme.Palette;
import java.util.List;
import java.util.Map;

/**
 * A session in the window: its player, the store the picture shows (the cluster as it was at the
 * playhead), and the timeline pane; on each pulse it hands the player's traces to the flow table
 * and the picture — rows only for what finished before a seek, flights for what plays — and
 * clears both when the timeline moves to another moment. FX thread.
 */
final class SessionView implements AutoCloseable {
  private final SessionPlayer player;
  private final ClusterStore picture = new ClusterStore();
  private final SessionPane pane;
  private int generation = -1;

  SessionView(SessionIndex index, Palette palette, SessionPane.Host host) {
    this.player = new SessionPlayer(index, picture);
    this.pane = new SessionPane(player, palette, host);
  }

  void start(boolean playAndLoop) {
    player.start();
    if (playAndLoop) {
      pane.loop(true);
      player.play();
    }
  }

  ClusterStore store() {
    return picture;
  }

  SessionPane pane() {
    return pane;
  }

  SessionPlayer player() {
    return player;
  }

  SessionIndex index() {
    return player.index();
  }

  /** Moves the player's traces to the table and the picture, cleared when the moment changed. */
  void pulse(FlowTable flows, GraphView graph, BackendTally tally, java.util.Set<String> flown) {
    if (player.generation() != generation) {
      generation = player.generation();
      flows.clear();
      graph.clearTraffic();
      tally.clear();
      flown.clear();
    }
    List<ConnectionTrace> history = player.drainHistory();
    history.forEach(tally::count);
    flows.add(history);
    graph.trafficSpeed(player.playing() ? Math.min(player.speed(), 4) : 0);
    for (ConnectionTrace t : player.handOver().drainUnderWay(200)) {
      graph.fly(t);
      flown.add(t.id());
    }
    List<ConnectionTrace> batch = player.handOver().drain(200);
    for (ConnectionTrace t : batch) {
      if (!flown.remove(t.id())) {
        graph.fly(t);
      }
      tally.count(t);
    }
    flows.add(batch);
    pane.pulse();
  }

  Map<String, Long> stats() {
    return player.stats();
  }

  /** What the status bar says of the session: its sources as recorded, its connections, losses. */
  String summary() {
    StringBuilder s = new StringBuilder();
    for (LinkStatus l : player.links().values()) {
      s.append(l.node() != null ? l.node() : l.url()).append(": ").append(l.state()
          == LinkStatus.LinkState.STREAMING ? "recorded" : l.message()).append(" · ");
    }
    Map<String, Long> stats = player.stats();
    s.append(index().connections().size()).append(" connections recorded");
    long lost = stats.entrySet().stream().filter(e -> e.getKey().startsWith("lost "))
        .mapToLong(Map.Entry::getValue).sum();
    if (lost > 0) {
      s.append(" · ").append(lost).append(" lost so far");
    }
    if (player.problem() != null) {
      s.append(" · ").append(player.problem());
    }
    return s.append(" · ").toString();
  }

  @Override
  public void close() {
    player.close();
  }
}
