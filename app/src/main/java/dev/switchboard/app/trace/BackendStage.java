package dev.switchboard.app.trace;

/**
 * Where the connection really went. Immutable; any thread.
 *
 * @param target the backend's address and port and who owned it then; null when unknown
 * @param source {@code capture} (the SYN seen after DNAT), {@code conntrack}, {@code direct} (no
 *     translation: a pod or external address was dialled), {@code rules} (the only backend the
 *     rules allow) or null
 */
public record BackendStage(Peer target, String source, Evidence evidence) {}
