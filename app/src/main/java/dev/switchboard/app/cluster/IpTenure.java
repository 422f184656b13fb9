package dev.switchboard.app.cluster;

/**
 * A span of time during which one pod owned an IP. {@code untilMillis} is exclusive and
 * {@link Long#MAX_VALUE} while the pod still owns it. Immutable; any thread.
 */
public record IpTenure(PodInfo pod, long fromMillis, long untilMillis) {

  public boolean open() {
    return untilMillis == Long.MAX_VALUE;
  }

  public boolean covers(long atMillis) {
    return fromMillis <= atMillis && atMillis < untilMillis;
  }

  IpTenure closedAt(long atMillis) {
    return new IpTenure(pod, fromMillis, Math.max(fromMillis, atMillis));
  }

  IpTenure withPod(PodInfo newer) {
    return new IpTenure(newer, fromMillis, untilMillis);
  }
}
