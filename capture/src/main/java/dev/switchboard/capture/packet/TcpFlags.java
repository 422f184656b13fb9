package dev.switchboard.capture.packet;

/** TCP flag bits, and their tcpdump spelling for events and logs. */
public final class TcpFlags {
  public static final int FIN = 0x01;
  public static final int SYN = 0x02;
  public static final int RST = 0x04;
  public static final int PSH = 0x08;
  public static final int ACK = 0x10;

  private TcpFlags() {}

  public static String text(int flags) {
    StringBuilder b = new StringBuilder();
    if ((flags & SYN) != 0) {
      b.append('S');
    }
    if ((flags & FIN) != 0) {
      b.append('F');
    }
    if ((flags & RST) != 0) {
      b.append('R');
    }
    if ((flags & PSH) != 0) {
      b.append('P');
    }
    if ((flags & ACK) != 0) {
      b.append('.');
    }
    return b.toString();
  }
}
