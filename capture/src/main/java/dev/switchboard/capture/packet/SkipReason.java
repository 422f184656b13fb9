package dev.switchboard.capture.packet;

/** Why a captured frame produced no packet; each is counted and reported, never thrown. */
public enum SkipReason {
  TRUNCATED,
  UNSUPPORTED_LINK,
  NOT_IP,
  BAD_IP_HEADER,
  FRAGMENT,
  OTHER_PROTOCOL,
  BAD_TRANSPORT_HEADER
}
