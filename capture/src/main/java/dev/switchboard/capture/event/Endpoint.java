package dev.switchboard.capture.event;

/** An IP and port as seen on the wire. Immutable. */
public record Endpoint(String ip, int port) {
  @Override
  public String toString() {
    return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + port;
  }
}
