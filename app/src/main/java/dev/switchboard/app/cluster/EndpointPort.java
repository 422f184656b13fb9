package dev.switchboard.app.cluster;

/** A port of an EndpointSlice: the Service port's name and the resolved target number. */
public record EndpointPort(String name, String protocol, int port) {}
