package dev.switchboard.capture.pcap;

/** A file that is not a capture at all (empty, text, cut inside its header): nothing was read. */
public final class NotACaptureException extends PcapFormatException {
  public NotACaptureException(String message) {
    super(message);
  }
}
