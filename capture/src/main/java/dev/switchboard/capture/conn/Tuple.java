package dev.switchboard.capture.conn;

import dev.switchboard.capture.event.Endpoint;
import dev.switchboard.capture.packet.Packet;

/** A TCP 4-tuple in the client → server direction. Immutable. */
record Tuple(String src, int srcPort, String dst, int dstPort) {

  static Tuple forward(Packet p) {
    return new Tuple(p.src(), p.srcPort(), p.dst(), p.dstPort());
  }

  static Tuple reverse(Packet p) {
    return new Tuple(p.dst(), p.dstPort(), p.src(), p.srcPort());
  }

  Endpoint client() {
    return new Endpoint(src, srcPort);
  }

  Endpoint server() {
    return new Endpoint(dst, dstPort);
  }
}
