package dev.switchboard.capture.dns;

/** Bytes that are not a DNS message Switchboard can read; checked, so callers count and skip. */
public final class DnsFormatException extends Exception {
  private final boolean endOfData;

  public DnsFormatException(String message) {
    this(message, false);
  }

  DnsFormatException(String message, boolean endOfData) {
    super(message, null, false, false);
    this.endOfData = endOfData;
  }

  /** The bytes ran out (a capture's snaplen cuts messages short), rather than being wrong. */
  public boolean endOfData() {
    return endOfData;
  }
}
