package dev.switchboard.app.ui.graph;

import dev.switchboard.app.cluster.Diagnostic;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.ServiceInfo;
import java.util.List;

/**
 * One drawable thing: a Service card, a pod card or a bare endpoint address, with its current
 * data and its animation state. Attached to a GraphStream node as attribute {@link #ATTRIBUTE}.
 * Mutable; FX thread.
 */
public final class SceneElement {
  public static final String ATTRIBUTE = "sb.element";

  private final String key;
  private final ElementKind kind;
  private Object info;
  private List<Diagnostic> diagnostics = List.of();
  private java.util.Map<String, String> resolvedTargets = java.util.Map.of();
  final Presence presence;
  final Blend status;

  SceneElement(String key, ElementKind kind, Object info, Object statusValue, long nowNs) {
    this.key = key;
    this.kind = kind;
    this.info = info;
    this.presence = new Presence(nowNs);
    this.status = new Blend(statusValue);
  }

  public String key() {
    return key;
  }

  public ElementKind kind() {
    return kind;
  }

  public PodInfo pod() {
    return info instanceof PodInfo p ? p : null;
  }

  public ServiceInfo service() {
    return info instanceof ServiceInfo s ? s : null;
  }

  /** For ADDRESS elements: the IP. */
  public String address() {
    return info instanceof Address a ? a.ip() : null;
  }

  /** A pod's or Service's namespace; for an address, that of the pod its endpoint names. */
  public String namespace() {
    return info instanceof PodInfo p ? p.namespace() : info instanceof ServiceInfo s ? s.namespace()
        : info instanceof Address a ? a.podNamespace() : null;
  }

  /**
   * An endpoint address without a pod card: a selector-less Service's (podNamespace null), or a
   * pod's that the picture has not seen yet (a sync delivers Services and slices before pods).
   */
  record Address(String ip, String podNamespace) {}

  public List<Diagnostic> diagnostics() {
    return diagnostics;
  }

  /** For Services: port name → the target port number(s) its endpoints resolved to. */
  public java.util.Map<String, String> resolvedTargets() {
    return resolvedTargets;
  }

  void resolvedTargets(java.util.Map<String, String> value) {
    resolvedTargets = java.util.Map.copyOf(value);
  }

  public boolean removing() {
    return presence.leaving();
  }

  void update(Object newInfo, Object statusValue, long nowNs) {
    info = newInfo;
    status.set(statusValue, nowNs);
    presence.stay(nowNs);
  }

  void diagnostics(List<Diagnostic> value) {
    diagnostics = List.copyOf(value);
  }

  void remove(long nowNs) {
    presence.leave(nowNs);
  }

  public double alpha(long nowNs) {
    return presence.alpha(nowNs);
  }
}
