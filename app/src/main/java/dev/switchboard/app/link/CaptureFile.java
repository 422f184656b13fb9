package dev.switchboard.app.link;

import dev.switchboard.capture.FlowObserver;
import dev.switchboard.capture.PcapReplay;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Hello;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.event.Rules;
import dev.switchboard.capture.kubeproxy.CommandRunner;
import dev.switchboard.capture.kubeproxy.NodeRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A node's capture file (pcap or pcapng, e.g. {@code tcpdump -i any}) and, optionally, the
 * kube-proxy rules saved with it (iptables-save, nft list table, ipvsadm -Ln), replayed as
 * that node's sidecar would have streamed them: hello, rules, then every event. A damaged file
 * gives every event before the damage and says where it stopped. Runs on its own thread.
 */
public final class CaptureFile implements EventSource {
  private final String node;
  private final Path capture;
  private final Path rules;
  private final Consumer<Event> sink;
  private final Consumer<LinkStatus> statusSink;
  private final Thread thread;

  /** @param rules null when the node's rules were not saved: decisions stay unknown */
  public CaptureFile(String node, Path capture, Path rules, Consumer<Event> sink,
      Consumer<LinkStatus> statusSink) {
    this.node = node;
    this.capture = capture;
    this.rules = rules;
    this.sink = sink;
    this.statusSink = statusSink;
    this.thread = new Thread(this::replay, "capture-file " + capture.getFileName());
    thread.setDaemon(true);
  }

  @Override
  public void start() {
    thread.start();
  }

  private void replay() {
    report(LinkStatus.LinkState.CONNECTING, "reading " + capture);
    String done;
    try {
      NodeRules.Result saved = rules == null
          ? new NodeRules.Result("none", List.of(), "no rules were saved with " + capture.getFileName())
          : NodeRules.read(CommandRunner.saved(Files.readString(rules)));
      PcapReplay.Result r;
      try (InputStream in = Files.newInputStream(capture)) {
        r = PcapReplay.replay(in, node, FlowObserver.Settings.DEFAULT);
      }
      long first = r.events().isEmpty() ? 0 : r.events().get(0).timestampNanos() - 1;
      sink.accept(new Hello(first, node, Hello.VERSION, List.of("file:" + capture.getFileName()),
          "", 0, saved.mode(), saved.note(), false));
      if (!saved.mode().equals("none")) {
        sink.accept(new Rules(first, node, saved.mode(), saved.services()));
      }
      report(LinkStatus.LinkState.STREAMING, "replaying " + capture.getFileName());
      r.events().forEach(sink);
      long last = r.events().isEmpty() ? first : r.events().get(r.events().size() - 1)
          .timestampNanos();
      if (r.stoppedBy() != null) {
        sink.accept(new Lost(last, node, "damaged_file", 1, last, last));
      }
      done = "replayed " + r.frames() + " packets of " + capture.getFileName()
          + (r.stoppedBy() == null ? "" : "; the file ends early: " + r.stoppedBy())
          + (saved.note() == null ? "" : "; " + saved.note());
    } catch (IOException e) {
      done = "cannot read " + e.getMessage();
    }
    report(LinkStatus.LinkState.CLOSED, done);
  }

  private void report(LinkStatus.LinkState state, String message) {
    statusSink.accept(new LinkStatus(capture.toString(), node, state, 0, message));
  }

  @Override
  public void close() {
    thread.interrupt();
  }
}
