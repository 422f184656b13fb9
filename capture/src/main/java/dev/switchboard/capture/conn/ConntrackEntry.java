package dev.switchboard.capture.conn;

import dev.switchboard.capture.event.Endpoint;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the conntrack tool ({@code conntrack -L} or {@code conntrack -E -o timestamp}): the
 * original tuple (as the client sent it) and the reply tuple (as the backend answers). Reply
 * source ≠ original destination means DNAT; reply destination ≠ original source means SNAT.
 * Immutable.
 *
 * @param timestampNanos from the event's timestamp prefix, or 0 for list output
 */
public record ConntrackEntry(long timestampNanos, String protocol, Endpoint originalSource,
    Endpoint originalDestination, Endpoint replySource, Endpoint replyDestination) {

  private static final Pattern TUPLE = Pattern.compile(
      "src=(\\S+) dst=(\\S+) sport=(\\d+) dport=(\\d+)");
  private static final Pattern STAMP = Pattern.compile("^\\s*\\[(\\d+)\\.(\\d+)\\]");

  /** Parses a line; null when it is not a TCP/UDP entry with both tuples. */
  public static ConntrackEntry parse(String line) {
    String[] words = line.trim().split("\\s+");
    String protocol = null;
    for (String w : words) {
      if (w.equals("tcp") || w.equals("udp")) {
        protocol = w.toUpperCase(java.util.Locale.ROOT);
        break;
      }
    }
    if (protocol == null) {
      return null;
    }
    Matcher t = TUPLE.matcher(line);
    if (!t.find()) {
      return null;
    }
    Endpoint os = new Endpoint(t.group(1), Integer.parseInt(t.group(3)));
    Endpoint od = new Endpoint(t.group(2), Integer.parseInt(t.group(4)));
    if (!t.find()) {
      return null;
    }
    Endpoint rs = new Endpoint(t.group(1), Integer.parseInt(t.group(3)));
    Endpoint rd = new Endpoint(t.group(2), Integer.parseInt(t.group(4)));
    long ts = 0;
    Matcher s = STAMP.matcher(line);
    if (s.find()) {
      String frac = (s.group(2) + "000000000").substring(0, 9);
      ts = Long.parseLong(s.group(1)) * 1_000_000_000L + Long.parseLong(frac);
    }
    return new ConntrackEntry(ts, protocol, os, od, rs, rd);
  }

  /** Whether the kernel rewrote anything for this flow. */
  public boolean translated() {
    return !replySource.equals(originalDestination) || !replyDestination.equals(originalSource);
  }

  /** The backend after DNAT. */
  public Endpoint translatedDestination() {
    return replySource;
  }

  /** The client after SNAT. */
  public Endpoint translatedClient() {
    return replyDestination;
  }
}
