package dev.switchboard.capture.dns;

/** DNS record types and response codes Switchboard names; others print as numbers. */
public final class DnsType {
  public static final int A = 1;
  public static final int NS = 2;
  public static final int CNAME = 5;
  public static final int SOA = 6;
  public static final int PTR = 12;
  public static final int AAAA = 28;
  public static final int SRV = 33;

  public static final int NOERROR = 0;
  public static final int SERVFAIL = 2;
  public static final int NXDOMAIN = 3;
  public static final int REFUSED = 5;

  private DnsType() {}

  public static String typeName(int type) {
    return switch (type) {
      case A -> "A";
      case NS -> "NS";
      case CNAME -> "CNAME";
      case SOA -> "SOA";
      case PTR -> "PTR";
      case AAAA -> "AAAA";
      case SRV -> "SRV";
      default -> "TYPE" + type;
    };
  }

  public static String rcodeName(int rcode) {
    return switch (rcode) {
      case NOERROR -> "NOERROR";
      case 1 -> "FORMERR";
      case SERVFAIL -> "SERVFAIL";
      case NXDOMAIN -> "NXDOMAIN";
      case 4 -> "NOTIMP";
      case REFUSED -> "REFUSED";
      default -> "RCODE" + rcode;
    };
  }
}
