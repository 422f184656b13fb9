package dev.switchboard.app.link;

import dev.switchboard.capture.FlowObserver;
import dev.switchboard.capture.PcapReplay;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Hello;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.event.Rules;
import dev.switchboard.capture.kubeproxy.CommandRunner;
import dev.switchboard.capture.kubeproxy.NodeRules;
import dev.switchboard.capture.pcap.NotACaptureException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * A node's capture file (pcap or pcapng, e.g. {@code tcpdump -i any}) and, optionally, the
 * kube-proxy rules saved with it (iptables-save, nft list table, ipvsadm -Ln), replayed as
 * that node's sidecar would have streamed them: hello, rules, then every event — put into the
 * intake at the pace it takes them, so nothing of the file is dropped. A damaged file gives every
 * event before the damage and says where it stopped; an internal error ends the replay with a
 * reported loss. Runs on its own thread.
 */
public final class CaptureFile implements EventSource {
  private final String node;
  private final Path capture;
  private final Path rules;
  private final EventIntake intake;
  private final Consumer<LinkStatus> statusSink;
  private final Thread thread;
  private final boolean packets;
  private volatile boolean closed;
  private long lastNanos;

  /** @param rules null when the node's rules were not saved: decisions stay unknown */
  public CaptureFile(String node, Path capture, Path rules, EventIntake intake,
      Consumer<LinkStatus> statusSink) {
    this(node, capture, rules, intake, statusSink, false);
  }

  /** @param packets whether each frame, cut to headers and DNS, is handed on too (a recording) */
  public CaptureFile(String node, Path capture, Path rules, EventIntake intake,
      Consumer<LinkStatus> statusSink, boolean packets) {
    this.packets = packets;
    this.node = node;
    this.capture = capture;
    this.rules = rules;
    this.intake = intake;
    this.statusSink = statusSink;
    this.thread = new Thread(this::replay, "capture-file " + capture.getFileName());
    thread.setDaemon(true);
  }

  @Override
  public void start() {
    thread.start();
  }

  @Override
  public boolean live() {
    return false;
  }

  private void replay() {
    report(LinkStatus.LinkState.CONNECTING, "reading " + capture);
    try {
      NodeRules.Result saved = rules == null
          ? new NodeRules.Result("none", List.of(), "no rules were saved with " + capture.getFileName())
          : NodeRules.read(CommandRunner.saved(Files.readString(rules)));
      PcapReplay.Summary s;
      try (InputStream in = Files.newInputStream(capture)) {
        report(LinkStatus.LinkState.STREAMING, "replaying " + capture.getFileName());
        Introduced events = new Introduced(saved);
        s = PcapReplay.stream(in, node, FlowObserver.Settings.DEFAULT, events,
            packets ? events::accept : null);
      }
      String done = s.text(capture.getFileName().toString())
          + (saved.note() == null ? "" : "; " + saved.note());
      report(s.stoppedBy() == null ? LinkStatus.LinkState.CLOSED : LinkStatus.LinkState.FAILED,
          done);
    } catch (NotACaptureException | IOException e) {
      report(LinkStatus.LinkState.FAILED, "cannot read " + capture + ": " + e.getMessage());
    } catch (CancellationException stopped) {
      report(LinkStatus.LinkState.CLOSED, "stopped reading " + capture.getFileName());
    } catch (RuntimeException bug) {
      intake.offer(new Lost(lastNanos, node, "source_failed", 1, lastNanos, lastNanos));
      report(LinkStatus.LinkState.FAILED, "replaying " + capture.getFileName() + " stopped by "
          + SourceFailure.describe(bug) + "; the connections before it are shown");
    }
  }

  /**
   * The file's events as its sidecar would have sent them: a hello and the saved rules just
   * before the first one (the time the rules apply from is the file's start).
   */
  private final class Introduced implements Consumer<Event> {
    private final NodeRules.Result saved;
    private boolean introduced;

    Introduced(NodeRules.Result saved) {
      this.saved = saved;
    }

    @Override
    public void accept(Event e) {
      if (!introduced) {
        introduced = true;
        long before = e.timestampNanos() - 1;
        put(new Hello(before, node, Hello.VERSION, List.of("file:" + capture.getFileName()), "",
            0, saved.mode(), saved.note(), false));
        if (!saved.mode().equals("none")) {
          put(new Rules(before, node, saved.mode(), saved.services()));
        }
      }
      lastNanos = e.timestampNanos();
      put(e);
    }
  }

  private void put(Event e) {
    try {
      intake.put(e);
    } catch (InterruptedException stop) {
      Thread.currentThread().interrupt();
      throw new CancellationException("closed");
    }
    if (closed) {
      throw new CancellationException("closed");
    }
  }

  private void report(LinkStatus.LinkState state, String message) {
    statusSink.accept(new LinkStatus(capture.toString(), node, state, 0, message));
  }

  @Override
  public String toString() {
    return "capture " + node + "=" + capture.getFileName()
        + (rules == null ? "" : " rules " + rules.getFileName());
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
