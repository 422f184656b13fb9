package dev.switchboard.capture.packet;

/**
 * The headers of one captured packet that Switchboard uses. Addresses are text ("10.0.0.1",
 * "fd00::1"); ports are 0 for ICMP. For ICMP destination-unreachable, {@code inner} describes the
 * packet it reports (the embedded original headers). {@code payload} is the transport payload as
 * captured (snaplen-bounded), kept only for DNS. Immutable; any thread.
 *
 * @param timestampNanos capture time, ns since the epoch
 * @param tcpFlags the TCP flag byte (see {@link TcpFlags}); 0 for other protocols
 * @param payload DNS payload bytes, or null
 */
public record Packet(
    long timestampNanos,
    String interfaceName,
    Direction direction,
    int ipVersion,
    String src,
    String dst,
    Protocol protocol,
    int srcPort,
    int dstPort,
    int tcpFlags,
    long seq,
    long ack,
    int icmpType,
    int icmpCode,
    Packet inner,
    byte[] payload) {

  public boolean syn() {
    return protocol == Protocol.TCP && (tcpFlags & TcpFlags.SYN) != 0 && (tcpFlags & TcpFlags.ACK) == 0;
  }

  public boolean synAck() {
    return protocol == Protocol.TCP && (tcpFlags & TcpFlags.SYN) != 0 && (tcpFlags & TcpFlags.ACK) != 0;
  }

  public boolean rst() {
    return protocol == Protocol.TCP && (tcpFlags & TcpFlags.RST) != 0;
  }

  public boolean fin() {
    return protocol == Protocol.TCP && (tcpFlags & TcpFlags.FIN) != 0;
  }

  /** ICMP(v6) destination unreachable: how a REJECT rule answers (port unreachable). */
  public boolean unreachable() {
    return protocol == Protocol.ICMP && (ipVersion == 4 ? icmpType == 3 : icmpType == 1);
  }
}
