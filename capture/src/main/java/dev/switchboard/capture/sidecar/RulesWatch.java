package dev.switchboard.capture.sidecar;

import dev.switchboard.capture.event.Endpoint;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.event.Rules;
import dev.switchboard.capture.event.ServiceRule;
import dev.switchboard.capture.event.Translated;
import dev.switchboard.capture.kubeproxy.CommandRunner;
import dev.switchboard.capture.kubeproxy.NodeRules;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads kube-proxy's rules every interval, and also soon after a connection is translated to a
 * backend the last reading does not list: kube-proxy has changed the rules since, and reading
 * them now lets the app name the rule that chose the backend while it still assembles that
 * connection's trace. A reading is published only when it differs from the last. {@link #run}
 * is the sidecar's main thread; {@link #translated} is called on the flow processor's thread.
 */
final class RulesWatch {
  /** Early readings at most this often: iptables-save of a big node costs a second of CPU. */
  private static final long EARLY_GAP_MILLIS = 1000;
  /** Destinations a reading after their translation still did not list (not kube-proxy's). */
  private static final int UNLISTED_KEPT = 4096;

  private final String node;
  private final CommandRunner source;
  private final long intervalMillis;
  private final Consumer<Event> publish;
  private final Semaphore early = new Semaphore(0);
  private final Set<Endpoint> unlisted = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicLong earlyReadings =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile Rules rules;
  private volatile Set<Endpoint> backends = Set.of();

  RulesWatch(String node, CommandRunner source, long intervalMillis, Rules first,
      Consumer<Event> publish) {
    this.node = node;
    this.source = source;
    this.intervalMillis = intervalMillis;
    this.publish = publish;
    if (first != null) {
      accept(first);
    }
  }

  /** The last reading that found kube-proxy's rules, or null. Any thread. */
  Rules rules() {
    return rules;
  }

  /** How many readings a translation asked for (the status counter "rulesReadEarly"). */
  long earlyReadings() {
    return earlyReadings.get();
  }

  /** A connection's translation: asks for an early reading when its backend is not listed. */
  void translated(Translated t) {
    Endpoint to = t.translatedDestination();
    if (!to.equals(t.destination()) && !backends.contains(to)
        && unlisted.add(to)) {
      if (unlisted.size() > UNLISTED_KEPT) {
        unlisted.clear();
      }
      early.release();
    }
  }

  /** Reads until interrupted; never returns normally. */
  void run() throws InterruptedException {
    while (true) {
      boolean wasEarly = early.tryAcquire(intervalMillis, TimeUnit.MILLISECONDS);
      if (wasEarly) {
        earlyReadings.incrementAndGet();
      }
      NodeRules.Result now = NodeRules.read(source);
      Rules prior = rules;
      boolean changed = prior == null ? !now.mode().equals("none")
          : !prior.services().equals(now.services()) || !prior.mode().equals(now.mode());
      if (changed) {
        Rules r = new Rules(FlowProcessor.wallNanos(), node, now.mode(), now.services());
        accept(r);
        publish.accept(r);
      }
      early.drainPermits();
      if (wasEarly) {
        Thread.sleep(EARLY_GAP_MILLIS);
      }
    }
  }

  private void accept(Rules r) {
    Set<Endpoint> listed = new HashSet<>();
    for (ServiceRule s : r.services()) {
      for (ServiceRule.Backend b : s.backends()) {
        listed.add(new Endpoint(b.ip(), b.port()));
      }
    }
    rules = r;
    backends = listed;
    // what this reading does not list, a later change may: ask again then
    unlisted.clear();
  }
}
