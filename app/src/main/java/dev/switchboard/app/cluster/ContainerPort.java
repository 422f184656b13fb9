package dev.switchboard.app.cluster;

/** A port a container declares; {@code name} may be null. */
public record ContainerPort(String name, int port, String protocol) {}
