package dev.switchboard.app.ui.graph;

/** What a scene element draws. */
public enum ElementKind {
  SERVICE,
  POD,
  /** An endpoint address that names no pod the model knows (hand-made EndpointSlices). */
  ADDRESS
}
