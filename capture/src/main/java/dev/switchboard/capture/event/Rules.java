package dev.switchboard.capture.event;

import java.util.List;

/** The node's kube-proxy rules, as per-Service backend tables; sent at start and on change. */
public record Rules(long timestampNanos, String node, String mode, List<ServiceRule> services)
    implements Event {}
