package dev.switchboard.capture.dns;

import java.util.Map;

/** DNS record types and response codes by their IANA names; others print as numbers. */
public final class DnsType {
  public static final int A = 1;
  public static final int NS = 2;
  public static final int CNAME = 5;
  public static final int SOA = 6;
  public static final int PTR = 12;
  public static final int AAAA = 28;
  public static final int SRV = 33;
  public static final int OPT = 41;

  public static final int NOERROR = 0;
  public static final int SERVFAIL = 2;
  public static final int NXDOMAIN = 3;
  public static final int REFUSED = 5;

  private static final Map<Integer, String> TYPES = Map.ofEntries(
      Map.entry(A, "A"), Map.entry(NS, "NS"), Map.entry(CNAME, "CNAME"), Map.entry(SOA, "SOA"),
      Map.entry(10, "NULL"), Map.entry(11, "WKS"), Map.entry(PTR, "PTR"), Map.entry(13, "HINFO"),
      Map.entry(14, "MINFO"), Map.entry(15, "MX"), Map.entry(16, "TXT"), Map.entry(17, "RP"),
      Map.entry(18, "AFSDB"), Map.entry(AAAA, "AAAA"), Map.entry(29, "LOC"), Map.entry(SRV, "SRV"),
      Map.entry(35, "NAPTR"), Map.entry(36, "KX"), Map.entry(37, "CERT"), Map.entry(39, "DNAME"),
      Map.entry(OPT, "OPT"), Map.entry(42, "APL"), Map.entry(43, "DS"), Map.entry(44, "SSHFP"),
      Map.entry(45, "IPSECKEY"), Map.entry(46, "RRSIG"), Map.entry(47, "NSEC"),
      Map.entry(48, "DNSKEY"), Map.entry(49, "DHCID"), Map.entry(50, "NSEC3"),
      Map.entry(51, "NSEC3PARAM"), Map.entry(52, "TLSA"), Map.entry(53, "SMIMEA"),
      Map.entry(55, "HIP"), Map.entry(59, "CDS"), Map.entry(60, "CDNSKEY"),
      Map.entry(61, "OPENPGPKEY"), Map.entry(62, "CSYNC"), Map.entry(63, "ZONEMD"),
      Map.entry(64, "SVCB"), Map.entry(65, "HTTPS"), Map.entry(99, "SPF"),
      Map.entry(108, "EUI48"), Map.entry(109, "EUI64"), Map.entry(249, "TKEY"),
      Map.entry(250, "TSIG"), Map.entry(251, "IXFR"), Map.entry(252, "AXFR"),
      Map.entry(255, "ANY"), Map.entry(256, "URI"), Map.entry(257, "CAA"));

  /** RFC 6895's registry; 16 is BADVERS in an OPT record (BADSIG only inside TSIG). */
  private static final Map<Integer, String> RCODES = Map.ofEntries(
      Map.entry(NOERROR, "NOERROR"), Map.entry(1, "FORMERR"), Map.entry(SERVFAIL, "SERVFAIL"),
      Map.entry(NXDOMAIN, "NXDOMAIN"), Map.entry(4, "NOTIMP"), Map.entry(REFUSED, "REFUSED"),
      Map.entry(6, "YXDOMAIN"), Map.entry(7, "YXRRSET"), Map.entry(8, "NXRRSET"),
      Map.entry(9, "NOTAUTH"), Map.entry(10, "NOTZONE"), Map.entry(11, "DSOTYPENI"),
      Map.entry(16, "BADVERS"), Map.entry(17, "BADKEY"), Map.entry(18, "BADTIME"),
      Map.entry(19, "BADMODE"), Map.entry(20, "BADNAME"), Map.entry(21, "BADALG"),
      Map.entry(22, "BADTRUNC"), Map.entry(23, "BADCOOKIE"));

  private DnsType() {}

  public static String typeName(int type) {
    return TYPES.getOrDefault(type, "TYPE" + type);
  }

  public static String rcodeName(int rcode) {
    return RCODES.getOrDefault(rcode, "RCODE" + rcode);
  }
}
