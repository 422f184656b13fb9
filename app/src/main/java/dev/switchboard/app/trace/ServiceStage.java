package dev.switchboard.app.trace;

/**
 * The Service a connection reached and how. Immutable; any thread.
 *
 * @param portName the Service port's name, null when unnamed or unknown
 * @param port the Service port (for a NodePort connection, the Service port behind it); 0 when
 *     unknown
 * @param via {@code clusterIP}, {@code nodePort}, {@code loadBalancer}, {@code externalIP},
 *     {@code headless} (DNS returned pod addresses), {@code externalName} (DNS alias only)
 * @param evidence observed when the node's rules name it; inferred from cluster state or DNS
 */
public record ServiceStage(String namespace, String name, String portName, int port, String via,
    Evidence evidence) {}
