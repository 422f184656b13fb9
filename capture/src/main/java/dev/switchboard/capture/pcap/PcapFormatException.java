package dev.switchboard.capture.pcap;

/** A capture file that cannot be read further; the message says where and why. */
public class PcapFormatException extends Exception {
  public PcapFormatException(String message) {
    super(message);
  }
}
