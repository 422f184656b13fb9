package dev.switchboard.app.link.kube;

import dev.switchboard.app.cluster.kube.ApiErrors;
import dev.switchboard.app.cluster.kube.KubeClients;
import dev.switchboard.app.link.EventIntake;
import dev.switchboard.app.link.EventSource;
import dev.switchboard.app.link.LinkStatus;
import dev.switchboard.app.link.LinkStatus.LinkState;
import dev.switchboard.app.link.SidecarLink;
import dev.switchboard.app.link.SourceFailure;
import dev.switchboard.capture.event.Lost;
import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Every node's sidecar, found and reached through the API server with the user's kubeconfig: the
 * sidecar pods (by label, in their namespace) are watched; each running one gets a
 * {@link PortForwardTunnel} and a {@link SidecarLink} (two with packets) that follows its stream
 * with the token read from the sidecars' Secret. Pods that come, go, restart or are replaced are
 * followed; a replaced sidecar's unknown gap is reported as a loss ({@code sidecar_replaced}).
 * Missing permissions are named in one line and retried, since an admin may grant them.
 *
 * <p>Threads: "sidecar-discovery" (access check, token, pod watch and reconciling, which is
 * synchronized); each link and tunnel has its own; {@link #close} from any thread.
 */
public final class DiscoveredSidecars implements EventSource {
  public static final String DEFAULT_NAMESPACE = "switchboard-system";
  static final int SIDECAR_PORT = 7443;
  private static final long PERMISSION_RETRY_MS = 30_000;

  /** A link reconnecting asks for the token; the Secret is read at most this often. */
  static final long TOKEN_REREAD_NANOS = 5_000_000_000L;

  private final Callable<ApiClient> connect;
  private final String server;
  private final String namespace;
  private final EventIntake intake;
  private final Consumer<LinkStatus> status;
  private final boolean events;
  private final boolean packets;
  private final String key;
  private final Thread thread;
  private final Map<String, Linked> linked = new HashMap<>();
  private final Map<String, String> podOfNode = new HashMap<>();
  private final Map<String, String> tunnelProblems = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private volatile SidecarPodWatch watch;
  private volatile ApiClient client;
  private SidecarAccess access;
  private String token;
  private long tokenReadNanos;

  /** One running sidecar pod and what follows it. */
  private record Linked(SidecarPod pod, PortForwardTunnel tunnel, List<SidecarLink> links,
      AtomicBoolean gone) {}

  /**
   * @param connect opens the API client (on the discovery thread: a broken kubeconfig is then
   *     a status, not a crash)
   * @param events follow each sidecar's event stream
   * @param packets follow each sidecar's packet stream (a recording)
   */
  public DiscoveredSidecars(Callable<ApiClient> connect, String server, String namespace,
      EventIntake intake, Consumer<LinkStatus> status, boolean events, boolean packets) {
    this.connect = connect;
    this.server = server;
    this.namespace = namespace;
    this.intake = intake;
    this.status = status;
    this.events = events;
    this.packets = packets;
    this.key = "sidecars in " + namespace + (events ? "" : " (packets)");
    this.thread = new Thread(this::discover, "sidecar-discovery " + namespace);
    thread.setDaemon(true);
  }

  @Override
  public void start() {
    thread.start();
  }

  @Override
  public boolean live() {
    return true;
  }

  private void discover() {
    try {
      report(LinkState.CONNECTING, "finding the sidecar pods in " + namespace + " through "
          + server);
      try {
        client = connect.call();
      } catch (Exception e) {
        report(LinkState.FAILED, "cannot reach the sidecars: " + e.getMessage());
        return;
      }
      if (!awaitToken()) {
        return;
      }
      SidecarPodWatch w = new SidecarPodWatch(client, server, namespace, this::reconcile,
          p -> report(LinkState.RETRYING, p + "; retrying"));
      watch = w;
      if (!closed) {
        w.run();
      }
    } catch (RuntimeException bug) {
      report(LinkState.FAILED, "finding the sidecars stopped by " + SourceFailure.describe(bug));
    }
  }

  /** Checks access and reads the token, retrying while permissions or the Secret are missing. */
  private boolean awaitToken() {
    SidecarAccess access = new SidecarAccess(client, namespace);
    while (!closed) {
      List<String> missing = access.missing();
      String problem;
      if (missing.isEmpty()) {
        try {
          readToken(access);
          return true;
        } catch (SidecarAccess.SidecarAccessException e) {
          problem = e.getMessage();
        } catch (RuntimeException e) {
          problem = ApiErrors.describe(e, server);
        }
      } else {
        problem = "forbidden: " + String.join("; ", missing);
      }
      report(LinkState.RETRYING, problem + "; retrying in " + PERMISSION_RETRY_MS / 1000 + " s");
      try {
        Thread.sleep(PERMISSION_RETRY_MS);
      } catch (InterruptedException e) {
        return false;
      }
    }
    return false;
  }

  /** Brings the links in line with the pods the watch sees; on the discovery thread. */
  private synchronized void reconcile(Map<String, SidecarPod> pods) {
    if (closed) {
      return;
    }
    for (Linked l : new ArrayList<>(linked.values())) {
      SidecarPod now = pods.get(l.pod().name());
      if (now == null || !now.uid().equals(l.pod().uid()) || !now.running()) {
        unlink(l, now == null ? "deleted" : now.uid().equals(l.pod().uid()) ? now.state()
            : "replaced");
      }
    }
    for (SidecarPod pod : pods.values()) {
      if (pod.running() && !linked.containsKey(pod.name())) {
        link(pod);
      }
    }
    // the discovery itself never streams: only a sidecar's link does (a run with pods found but
    // no link streaming has read nothing)
    report(LinkState.CONNECTING, summary(pods));
  }

  private String summary(Map<String, SidecarPod> pods) {
    if (pods.isEmpty()) {
      return "no sidecar pods in " + namespace + " (label " + SidecarPodWatch.LABEL
          + "): install them with `switchboard install`";
    }
    Map<String, String> byNode = new TreeMap<>();
    for (SidecarPod p : pods.values()) {
      byNode.put(p.node() == null ? p.name() + " (unscheduled)" : p.node(),
          p.running() ? "linked" : p.state());
    }
    StringBuilder s = new StringBuilder(pods.size() + " sidecar pod" + (pods.size() == 1 ? ""
        : "s") + ":");
    byNode.forEach((node, state) -> s.append(' ').append(node).append(' ').append(state)
        .append(','));
    s.setLength(s.length() - 1);
    return s.toString();
  }

  private void link(SidecarPod pod) {
    String name = linkName(pod);
    PortForwardTunnel tunnel = new PortForwardTunnel(client, namespace, pod.name(), SIDECAR_PORT,
        p -> tunnelProblems.put(pod.name(), p));
    URI local;
    try {
      local = tunnel.start();
    } catch (IOException e) {
      status.accept(new LinkStatus(name, pod.node(), LinkState.FAILED, 0,
          "cannot open a local port for the port-forward: " + e.getMessage()));
      return;
    }
    String before = podOfNode.put(pod.node(), pod.uid());
    if (before != null && !before.equals(pod.uid())) {
      long now = System.currentTimeMillis() * 1_000_000L;
      intake.offer(new Lost(now, pod.node(), "sidecar_replaced", 0, now, now));
    }
    AtomicBoolean gone = new AtomicBoolean();
    // a closed link's last words would hide why it was closed
    Consumer<LinkStatus> explained = s -> {
      if (!gone.get()) {
        status.accept(explain(pod.name(), s));
      }
    };
    List<SidecarLink> links = new ArrayList<>();
    if (events) {
      links.add(new SidecarLink(local, name, this::currentToken, intake, explained));
    }
    if (packets) {
      links.add(SidecarLink.packets(local, name, this::currentToken, intake, explained));
    }
    linked.put(pod.name(), new Linked(pod, tunnel, links, gone));
    links.forEach(SidecarLink::start);
  }

  /**
   * The token for a link's next stream, read again from the Secret when the last reading is
   * over {@link #TOKEN_REREAD_NANOS} old: after a reinstall (a new Secret, restarted sidecars)
   * the links reconnect with the new token instead of being refused until the app restarts.
   * Links' threads; a failed reading keeps the last token (the link then says it was refused).
   */
  private synchronized String currentToken() {
    if (access != null && System.nanoTime() - tokenReadNanos > TOKEN_REREAD_NANOS) {
      try {
        readToken(access);
      } catch (SidecarAccess.SidecarAccessException | RuntimeException e) {
        tokenReadNanos = System.nanoTime(); // keep the last one; ask again later
      }
    }
    return token;
  }

  /** Reads the token from the Secret; the discovery thread first, then links reconnecting. */
  private synchronized void readToken(SidecarAccess from)
      throws SidecarAccess.SidecarAccessException {
    token = from.token();
    access = from;
    tokenReadNanos = System.nanoTime();
  }

  /** What a pod's link is called in its status: its node first, as the status bar shows it. */
  private String linkName(SidecarPod pod) {
    return "node " + pod.node() + " (pod " + namespace + "/" + pod.name() + ")";
  }

  /** A retrying link's message gains what the port-forward said (the link sees only a cut). */
  private LinkStatus explain(String pod, LinkStatus s) {
    if (s.state() != LinkState.RETRYING) {
      return s;
    }
    String why = tunnelProblems.remove(pod);
    return why == null ? s : new LinkStatus(s.url(), s.node(), s.state(), s.reconnects(),
        why + " (" + s.message() + ")");
  }

  /**
   * Says the link ended at once, then closes it on a thread of its own: closing a stream
   * mid-read can take its HTTP client a second, and the watch must not wait for that.
   */
  private void unlink(Linked l, String why) {
    linked.remove(l.pod().name());
    l.gone().set(true);
    tunnelProblems.remove(l.pod().name());
    status.accept(new LinkStatus(linkName(l.pod()), l.pod().node(), LinkState.CLOSED, 0,
        "sidecar pod " + l.pod().name() + " " + why));
    Thread closer = new Thread(() -> {
      l.tunnel().close();
      l.links().forEach(SidecarLink::close);
    }, "sidecar-unlink " + l.pod().name());
    closer.setDaemon(true);
    closer.start();
  }

  private void report(LinkState state, String message) {
    status.accept(new LinkStatus(key, null, state, 0, message));
  }

  @Override
  public String toString() {
    return "sidecars in " + namespace + " through " + server;
  }

  @Override
  public void close() {
    closed = true;
    SidecarPodWatch w = watch;
    if (w != null) {
      w.stop();
    }
    thread.interrupt();
    synchronized (this) {
      new ArrayList<>(linked.values()).forEach(l -> unlink(l, "no longer followed"));
    }
    ApiClient c = client;
    if (c != null) {
      KubeClients.release(c);
    }
    report(LinkState.CLOSED, "closed");
  }
}
