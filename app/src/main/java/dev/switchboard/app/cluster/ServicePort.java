package dev.switchboard.app.cluster;

/**
 * One port of a Service.
 *
 * @param name null for a single unnamed port
 * @param targetPort the number or the container-port name, as written in the Service
 * @param nodePort 0 when the Service has none
 */
public record ServicePort(String name, String protocol, int port, String targetPort, int nodePort) {

  /** Whether targetPort names a container port instead of giving a number. */
  public boolean namedTarget() {
    return !targetPort.isEmpty() && !Character.isDigit(targetPort.charAt(0));
  }

  /** The numeric target port, or -1 when it is named. */
  public int targetNumber() {
    return namedTarget() ? -1 : Integer.parseInt(targetPort);
  }

  /** Endpoint slices name their ports after the Service port; an unnamed port is "". */
  public String sliceName() {
    return name == null ? "" : name;
  }
}
