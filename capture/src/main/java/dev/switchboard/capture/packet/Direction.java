package dev.switchboard.capture.packet;

/** Which way a packet went through the capturing interface, when the link header says so. */
public enum Direction {
  IN,
  OUT,
  UNKNOWN
}
