package dev.switchboard.app.cluster;

/** A Service and the one of its ports a connection reached. Immutable; any thread. */
public record ServiceMatch(ServiceInfo service, ServicePort port) {}
