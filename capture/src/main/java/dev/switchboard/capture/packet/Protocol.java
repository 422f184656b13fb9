package dev.switchboard.capture.packet;

/** Transport protocols Switchboard follows. */
public enum Protocol {
  TCP(6),
  UDP(17),
  ICMP(1);

  private final int number;

  Protocol(int number) {
    this.number = number;
  }

  public int number() {
    return number;
  }

  /** ICMPv6 (58) is folded into ICMP; ipVersion tells them apart. */
  public static Protocol of(int ipProtocol) {
    return switch (ipProtocol) {
      case 6 -> TCP;
      case 17 -> UDP;
      case 1, 58 -> ICMP;
      default -> null;
    };
  }
}
