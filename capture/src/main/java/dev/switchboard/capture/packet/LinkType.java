package dev.switchboard.capture.packet;

/** The link-layer header types Switchboard decodes (libpcap LINKTYPE_* numbers). */
public enum LinkType {
  NULL(0),
  ETHERNET(1),
  RAW(101),
  LINUX_SLL(113),
  LINUX_SLL2(276);

  /** LINKTYPE_IPV4 and LINKTYPE_IPV6: raw IP of one version, decoded like RAW. */
  private static final int RAW_IPV4 = 228;
  private static final int RAW_IPV6 = 229;

  private final int code;

  LinkType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /**
   * The type for a libpcap link number, or null when it is not decoded. DLT_RAW is 12 or 14 on
   * some systems.
   */
  public static LinkType of(int code) {
    if (code == 12 || code == 14 || code == RAW_IPV4 || code == RAW_IPV6) {
      return RAW;
    }
    for (LinkType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
