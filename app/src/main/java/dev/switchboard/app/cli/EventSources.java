package dev.switchboard.app.cli;

import dev.switchboard.app.cluster.kube.KubeClients;
import dev.switchboard.app.cluster.kube.KubeTarget;
import dev.switchboard.app.cluster.kube.KubeconfigException;
import dev.switchboard.app.cluster.kube.KubeconfigResolver;
import dev.switchboard.app.link.CaptureFile;
import dev.switchboard.app.link.EventIntake;
import dev.switchboard.app.link.EventSource;
import dev.switchboard.app.link.LinkStatus;
import dev.switchboard.app.link.SidecarLink;
import dev.switchboard.app.link.kube.DiscoveredSidecars;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The event sources a command's options name: live sidecars and capture files. Any thread. */
public final class EventSources {
  private EventSources() {}

  /** A link to each sidecar's packet stream, for a recording. */
  public static List<EventSource> packetLinks(SidecarOptions sidecars, EventIntake intake,
      Consumer<LinkStatus> status) {
    if (sidecars.discovers()) {
      return List.of(discovered(sidecars, intake, status, false, true));
    }
    List<EventSource> out = new ArrayList<>();
    for (URI uri : sidecars.urls()) {
      out.add(SidecarLink.packets(uri, sidecars.token(), intake, status));
    }
    return out;
  }

  /** @param sidecars null for none */
  public static List<EventSource> of(SidecarOptions sidecars, List<CaptureOptions> captures,
      EventIntake intake, Consumer<LinkStatus> status) {
    return of(sidecars, captures, intake, status, false);
  }

  /**
   * @param packets whether the sources also hand over their packets, cut to headers and DNS (a
   *     recording): each sidecar gets a second link for its packet stream
   */
  public static List<EventSource> of(SidecarOptions sidecars, List<CaptureOptions> captures,
      EventIntake intake, Consumer<LinkStatus> status, boolean packets) {
    List<EventSource> out = new ArrayList<>();
    if (sidecars != null && sidecars.discovers()) {
      out.add(discovered(sidecars, intake, status, true, packets));
    } else if (sidecars != null) {
      for (URI uri : sidecars.urls()) {
        out.add(new SidecarLink(uri, sidecars.token(), intake, status));
      }
      if (packets) {
        out.addAll(packetLinks(sidecars, intake, status));
      }
    }
    for (CaptureOptions c : captures) {
      out.add(new CaptureFile(c.node(), c.capture(), c.rules(), intake, status, packets));
    }
    return out;
  }

  /** The sidecars found through the kubeconfig's API server. */
  private static EventSource discovered(SidecarOptions sidecars, EventIntake intake,
      Consumer<LinkStatus> status, boolean events, boolean packets) {
    SourceOptions cluster = sidecars.cluster();
    KubeTarget target;
    KubeconfigException broken;
    try {
      target = new KubeconfigResolver(System.getenv()).resolve(cluster.kubeconfig(),
          cluster.context());
      broken = null;
    } catch (KubeconfigException e) {
      target = null;
      broken = e;
    }
    KubeTarget resolved = target;
    KubeconfigException failure = broken;
    return new DiscoveredSidecars(() -> {
      if (failure != null) {
        throw failure;
      }
      return KubeClients.forTarget(resolved);
    }, resolved == null ? "the kubeconfig" : resolved.server(), sidecars.namespace(), intake,
        status, events, packets);
  }
}
