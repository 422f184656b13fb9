package dev.switchboard.capture.sidecar;

import dev.switchboard.capture.FlowObserver;
import dev.switchboard.capture.PcapReplay;
import dev.switchboard.capture.event.Hello;
import dev.switchboard.capture.event.Lost;
import dev.switchboard.capture.event.Rules;
import dev.switchboard.capture.event.Translated;
import dev.switchboard.capture.kubeproxy.CommandRunner;
import dev.switchboard.capture.kubeproxy.NodeRules;
import dev.switchboard.capture.pcap.NotACaptureException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node sidecar: {@code java -jar switchboard-capture.jar --node NAME --listen ADDR:PORT
 * --token-file F [--interfaces any|dev,dev] [--snaplen N] [--rules-interval S]
 * [--replay FILE.pcap [--rules-file FILE]]}. Captures (or replays a capture file with the
 * node's saved rules), follows connections and lookups, reads kube-proxy's rules, and serves
 * events over authenticated HTTP. Main thread sets up, then waits; see the other classes of this package for the worker threads.
 */
public final class SidecarMain {
  static final String USAGE = "usage: switchboard-capture --node NAME --listen ADDR:PORT"
      + " --token-file FILE [--interfaces any|DEV,DEV…] [--snaplen BYTES] [--rules-interval SECONDS (fractions allowed)]"
      + " [--syn-timeout SECONDS] [--conntrack true] [--buffer-mib N] [--replay FILE.pcap [--rules-file SAVED-RULES]]";

  /** Events a reader may fall behind by before it misses some (about 5 MiB). */
  static final int BACKLOG = 16_384;
  static final int FRAME_QUEUE = 16_384;

  private SidecarMain() {}

  public static void main(String[] args) {
    try {
      run(parse(args));
    } catch (IllegalArgumentException e) {
      System.err.println("switchboard-capture: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
    } catch (Exception e) {
      System.err.println("switchboard-capture: " + (e.getMessage() != null ? e.getMessage()
          : e.toString()));
      System.exit(1);
    }
  }

  record Options(String node, InetSocketAddress listen, Path tokenFile, List<String> interfaces,
      int snaplen, long rulesIntervalMillis, int synTimeoutSeconds, boolean conntrack,
      int bufferMib, Path replay, Path rulesFile) {

    /** Where the rules come from: the node's tools, or the file saved with a replayed capture. */
    CommandRunner rulesSource() throws IOException {
      return rulesFile == null ? CommandRunner.SYSTEM
          : CommandRunner.saved(Files.readString(rulesFile));
    }

    FlowObserver.Settings settings() {
      FlowObserver.Settings d = FlowObserver.Settings.DEFAULT;
      return new FlowObserver.Settings(synTimeoutSeconds * 1_000_000_000L, d.dnsTimeoutNanos(),
          d.dnsGapNanos(), d.maxConnections());
    }
  }

  static Options parse(String[] args) {
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      o.put(args[i], args[++i]);
    }
    for (String k : o.keySet()) {
      if (!List.of("--node", "--listen", "--token-file", "--interfaces", "--snaplen",
          "--rules-interval", "--syn-timeout", "--conntrack", "--buffer-mib", "--replay", "--rules-file").contains(k)) {
        throw new IllegalArgumentException("unknown option " + k);
      }
    }
    if (o.containsKey("--rules-file") && !o.containsKey("--replay")) {
      throw new IllegalArgumentException("--rules-file goes with --replay: a live sidecar reads"
          + " its node's rules");
    }
    String node = require(o, "--node");
    String listen = require(o, "--listen");
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("--listen takes ADDR:PORT, not " + listen);
    }
    InetSocketAddress addr;
    try {
      addr = new InetSocketAddress(InetAddress.getByName(listen.substring(0, colon).replace("[", "")
          .replace("]", "")), Integer.parseInt(listen.substring(colon + 1)));
    } catch (IOException | NumberFormatException e) {
      throw new IllegalArgumentException("--listen " + listen + ": " + e.getMessage());
    }
    return new Options(node, addr, Path.of(require(o, "--token-file")),
        Arrays.asList(o.getOrDefault("--interfaces", "any").split(",")),
        Integer.parseInt(o.getOrDefault("--snaplen", "512")),
        rulesInterval(o.getOrDefault("--rules-interval", "5")),
        Integer.parseInt(o.getOrDefault("--syn-timeout", "10")),
        Boolean.parseBoolean(o.getOrDefault("--conntrack", "false")),
        Integer.parseInt(o.getOrDefault("--buffer-mib", "8")),
        o.containsKey("--replay") ? Path.of(o.get("--replay")) : null,
        o.containsKey("--rules-file") ? Path.of(o.get("--rules-file")) : null);
  }

  /** Seconds, fractions allowed (a lab measuring kube-proxy's lag reads every 0.25 s). */
  private static long rulesInterval(String seconds) {
    double s;
    try {
      s = Double.parseDouble(seconds);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--rules-interval takes seconds, not " + seconds);
    }
    if (!(s >= 0.1 && s <= 3600)) {
      throw new IllegalArgumentException("--rules-interval takes 0.1 to 3600 seconds, not "
          + seconds);
    }
    return Math.round(s * 1000);
  }

  private static String require(Map<String, String> o, String key) {
    String v = o.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(key + " is required");
    }
    return v;
  }

  static void run(Options opt) throws Exception {
    Tokens tokens = Tokens.fromFile(opt.tokenFile());
    // Bounds sized to the sidecar's memory budget (RSS ≤ 128 MiB, docs/benchmarks.md): a slow
    // reader or a stalled processor costs a few MiB, then becomes counted loss, never an OOM.
    EventHub hub = opt.replay() != null ? EventHub.keepingEverything(opt.node())
        : new EventHub(opt.node(), BACKLOG);
    PacketStream packets = opt.replay() != null ? PacketStream.replay(opt.node())
        : PacketStream.live(opt.node());
    CommandRunner rulesSource = opt.rulesSource();
    NodeRules.Result first = NodeRules.read(rulesSource);
    RulesWatch rules = new RulesWatch(opt.node(), rulesSource, opt.rulesIntervalMillis(),
        first.mode().equals("none") ? null
            : new Rules(FlowProcessor.wallNanos(), opt.node(), first.mode(), first.services()),
        hub::publish);
    InterfaceNames names = new InterfaceNames();
    List<String> shown = opt.replay() != null ? List.of("replay:" + opt.replay().getFileName())
        : opt.interfaces().equals(List.of("any")) ? withAny(names.all()) : opt.interfaces();
    String filter = LiveCapture.filter(opt.listen().getPort());
    ConntrackEvents conntrack = null;
    if (opt.conntrack() && opt.replay() == null) {
      try {
        conntrack = ConntrackEvents.start();
      } catch (IOException e) {
        System.err.println("switchboard-capture: conntrack not used: " + e.getMessage());
      }
    }
    Hello hello = new Hello(FlowProcessor.wallNanos(), opt.node(), Hello.VERSION, shown, filter,
        opt.snaplen(), first.mode(), first.note(), conntrack != null);

    List<LiveCapture> captures = new ArrayList<>();
    BlockingQueue<Frame> frames = new ArrayBlockingQueue<>(FRAME_QUEUE);
    AtomicLong queueDrops = new AtomicLong();
    FlowProcessor processor = null;
    if (opt.replay() == null) {
      FlowObserver observer = new FlowObserver(opt.node(), opt.settings(), e -> {
        hub.publish(e);
        if (e instanceof Translated t) {
          rules.translated(t);
        }
      }, names);
      observer.keepPackets(packets);
      for (String dev : opt.interfaces()) {
        captures.add(new LiveCapture(dev, opt.snaplen(), opt.bufferMib() << 20, filter, frames,
            queueDrops));
      }
      processor = new FlowProcessor(opt.node(), frames, queueDrops, observer, captures, hub);
      if (conntrack != null) {
        processor.conntrack(conntrack);
      }
    }
    if (rules.rules() != null) {
      hub.publish(rules.rules());
    }
    FlowProcessor counters = processor;
    SidecarServer server = new SidecarServer(opt.listen(), tokens, hub, packets.hub(), opt.node(),
        () -> hello, () -> {
          Map<String, Long> c = new java.util.TreeMap<>(counters == null ? Map.of()
              : counters.counters());
          c.putAll(hub.publishedCounts());
          c.put("events", hub.lastSeq());
          c.put("subscribers", (long) hub.subscribers());
          c.put("packetsKept", packets.hub().lastSeq());
          c.put("packetSubscribers", (long) packets.hub().subscribers());
          c.put("rulesReadEarly", rules.earlyReadings());
          return c;
        }, rules::rules);
    server.start();
    if (opt.replay() != null) {
      replay(opt, hub, packets);
    } else {
      Thread t = new Thread(processor, "flow-processor");
      t.setDaemon(true);
      t.start();
      captures.forEach(LiveCapture::start);
    }
    System.err.println("switchboard-capture: node " + opt.node() + " serving on "
        + opt.listen().getHostString() + ":" + server.port() + " (" + String.join(",", shown)
        + "; kube-proxy mode " + first.mode() + ")");
    rules.run();
  }

  /**
   * Publishes the file's events, then says how the file was read (and where a damaged one
   * stopped). A file that is not a capture ends the sidecar; an internal error ends the replay
   * with a reported loss, and what was replayed is still served.
   */
  private static void replay(Options opt, EventHub hub, PacketStream packets) throws IOException {
    String file = opt.replay().getFileName().toString();
    long[] last = {0};
    try (InputStream in = Files.newInputStream(opt.replay())) {
      PcapReplay.Summary s = PcapReplay.stream(in, opt.node(), opt.settings(), e -> {
        last[0] = e.timestampNanos();
        hub.publish(e);
      }, packets);
      System.err.println("switchboard-capture: " + s.text(file));
    } catch (NotACaptureException | IOException e) {
      throw new IOException("cannot replay " + opt.replay() + ": " + e.getMessage(), e);
    } catch (RuntimeException bug) {
      hub.publish(new Lost(last[0], opt.node(), "source_failed", 1, last[0], last[0]));
      System.err.println("switchboard-capture: replaying " + file + " stopped by an internal"
          + " error (" + bug + "); the events before it are served");
    }
  }

  private static List<String> withAny(List<String> all) {
    List<String> out = new ArrayList<>();
    out.add("any");
    out.addAll(all);
    return out;
  }
}
