package dev.switchboard.app.trace;

import dev.switchboard.capture.event.Endpoint;
import dev.switchboard.capture.event.Rules;
import dev.switchboard.capture.event.ServiceRule;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The kube-proxy rules each node sent, a few versions back, so a connection is explained by the
 * rules in force when it was made. Owned by the correlation thread.
 */
final class RuleBook {
  private static final int VERSIONS = 8;

  /**
   * The Service rule and the frontend a dialled address matched, under a node's rules.
   *
   * @param readNanos when the sidecar read those rules
   * @param later read after the connection, as the reading in force did not list its backend
   */
  record Match(String mode, ServiceRule rule, ServiceRule.Frontend frontend, long readNanos,
      boolean later) {

    /** Whether these rules send connections to {@code backend}. */
    boolean lists(Endpoint backend) {
      return rule.backends().stream()
          .anyMatch(b -> b.ip().equals(backend.ip()) && b.port() == backend.port());
    }
  }

  private final Map<String, Deque<Rules>> byNode = new HashMap<>();

  void update(Rules rules) {
    Deque<Rules> versions = byNode.computeIfAbsent(rules.node(), k -> new ArrayDeque<>());
    versions.addLast(rules);
    if (versions.size() > VERSIONS) {
      versions.removeFirst();
    }
  }

  boolean has(String node) {
    return byNode.containsKey(node);
  }

  /**
   * The rule a connection to {@code dialled} met on {@code node} at {@code atNanos}: an exact
   * address frontend (cluster, external, load-balancer IP), else a node port when the dialled
   * address is one of the node's ({@code toNodeAddress}).
   */
  Match match(String node, Endpoint dialled, String protocol, long atNanos, boolean toNodeAddress) {
    return matchIn(inForce(node, atNanos), dialled, protocol, toNodeAddress, false);
  }

  /**
   * The same match under the first reading after {@code atNanos} (within {@code withinNanos}):
   * when kube-proxy changed the rules just before a connection, the sidecar reads them again on
   * seeing a backend its last reading lacked. Null when there is no such reading.
   */
  Match matchNext(String node, Endpoint dialled, String protocol, long atNanos,
      boolean toNodeAddress, long withinNanos) {
    Deque<Rules> versions = byNode.get(node);
    if (versions == null) {
      return null;
    }
    for (Rules r : versions) {
      if (r.timestampNanos() > atNanos) {
        return r.timestampNanos() - atNanos <= withinNanos
            ? matchIn(r, dialled, protocol, toNodeAddress, true) : null;
      }
    }
    return null;
  }

  private static Match matchIn(Rules rules, Endpoint dialled, String protocol,
      boolean toNodeAddress, boolean later) {
    if (rules == null) {
      return null;
    }
    Match byPort = null;
    for (ServiceRule r : rules.services()) {
      if (!r.protocol().equalsIgnoreCase(protocol)) {
        continue;
      }
      for (ServiceRule.Frontend f : r.frontends()) {
        if (f.port() != dialled.port()) {
          continue;
        }
        if (f.ip().equals(dialled.ip())) {
          return new Match(rules.mode(), r, f, rules.timestampNanos(), later);
        }
        if (toNodeAddress && "*".equals(f.ip()) && byPort == null) {
          byPort = new Match(rules.mode(), r, f, rules.timestampNanos(), later);
        }
      }
    }
    return byPort;
  }

  /** The newest rules sent at or before {@code atNanos}; the oldest kept when all are newer. */
  private Rules inForce(String node, long atNanos) {
    Deque<Rules> versions = byNode.get(node);
    if (versions == null || versions.isEmpty()) {
      return null;
    }
    for (Iterator<Rules> it = versions.descendingIterator(); it.hasNext(); ) {
      Rules r = it.next();
      if (r.timestampNanos() <= atNanos) {
        return r;
      }
    }
    return versions.peekFirst();
  }
}
