package dev.switchboard.app.lesson;

import dev.switchboard.app.cluster.ClusterIndex;
import dev.switchboard.app.cluster.ClusterStore;
import dev.switchboard.app.lesson.Lesson.Moment;
import dev.switchboard.app.lesson.Lesson.Pick;
import dev.switchboard.app.session.ClusterChanges;
import dev.switchboard.app.session.SessionFormatException;
import dev.switchboard.app.session.SessionIndex;
import dev.switchboard.app.session.SessionReader;
import dev.switchboard.app.session.SessionRecord;
import dev.switchboard.app.session.SessionReplay;
import dev.switchboard.app.trace.ClusterLookups;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.trace.Correlator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A lesson's recording, read once: its index (marks, lags, cluster changes) and every connection's
 * trace, so steps find their moments and connections by what happened, and questions are answered
 * from the recording's own traces. Lessons are short recordings: all traces fit in memory.
 * Immutable once built; any thread.
 */
public final class LessonContext {
  private final Lesson lesson;
  private final SessionIndex index;
  private final List<ConnectionTrace> traces;

  private LessonContext(Lesson lesson, SessionIndex index, List<ConnectionTrace> traces) {
    this.lesson = lesson;
    this.index = index;
    this.traces = traces;
  }

  /** Reads the lesson's recording (off the FX thread). */
  public static LessonContext open(Lesson lesson) throws IOException, SessionFormatException {
    SessionIndex index = SessionIndex.read(lesson.session());
    List<ConnectionTrace> traces = new ArrayList<>();
    ClusterStore store = new ClusterStore();
    try (InputStream in = Files.newInputStream(lesson.session())) {
      SessionReplay.run(new SessionReader(in), store,
          new Correlator(ClusterLookups.of(store), 1_000_000_000L, traces::add));
    }
    traces.sort(Comparator.comparingLong(ConnectionTrace::startedAtNanos));
    return new LessonContext(lesson, index, List.copyOf(traces));
  }

  public Lesson lesson() {
    return lesson;
  }

  public SessionIndex index() {
    return index;
  }

  /** Every connection of the recording, by start. */
  public List<ConnectionTrace> traces() {
    return traces;
  }

  /** The moment on the recording's clock (epoch ns). */
  public long resolve(Moment m) throws LessonFormatException {
    long base;
    if (m.offsetSeconds() != null) {
      base = index.startNanos() + (long) (m.offsetSeconds() * 1e9);
    } else if (m.mark() != null) {
      String needle = m.mark().toLowerCase(Locale.ROOT);
      base = index.marks().stream()
          .filter(x -> x.text().toLowerCase(Locale.ROOT).contains(needle)).findFirst()
          .orElseThrow(() -> new LessonFormatException("no mark of " + lesson.session()
              .getFileName() + " says \"" + m.mark() + "\""))
          .atNanos();
    } else {
      base = pick(m.connection()).startedAtNanos();
    }
    return base + (long) (m.plusSeconds() * 1e9);
  }

  /** The connection a pick means. */
  public ConnectionTrace pick(Pick p) throws LessonFormatException {
    long after = p.after() == null ? Long.MIN_VALUE : resolve(p.after());
    List<ConnectionTrace> matching = new ArrayList<>();
    for (ConnectionTrace t : traces) {
      if (t.startedAtNanos() >= after && matches(t, p)) {
        matching.add(t);
      }
    }
    if (matching.size() < p.nth()) {
      throw new LessonFormatException("the recording has " + matching.size()
          + " connection(s) matching " + describe(p) + ", not " + p.nth());
    }
    return matching.get(p.nth() - 1);
  }

  /** Every connection of a Service ("ns/name" or name; null: any) between two moments. */
  public List<ConnectionTrace> between(String service, long from, long to) {
    return traces.stream().filter(t -> t.startedAtNanos() >= from && t.startedAtNanos() <= to
        && (service == null || serviceIs(t, service))).toList();
  }

  /** The cluster as the recording had it at {@code nanos}. */
  public ClusterIndex clusterAt(long nanos) {
    ClusterStore store = new ClusterStore();
    for (SessionIndex.Ordered<SessionRecord.ClusterChange> c : index.clusterChanges()) {
      if (c.value().initial() || c.value().timestampNanos() <= nanos) {
        ClusterChanges.apply(c.value(), store);
      }
    }
    return store.snapshot();
  }

  static boolean matches(ConnectionTrace t, Pick p) {
    return (p.client() == null || p.client().equals(t.client().podName())
            || p.client().equals(t.client().ip()))
        && (p.service() == null || serviceIs(t, p.service()))
        && (p.name() == null || t.dns() != null && p.name().equals(t.dns().name()))
        && (p.dialled() == null || p.dialled().equals(t.dialled().ip())
            || p.dialled().equals(t.dialled().ip() + ":" + t.dialled().port()))
        && (p.outcome() == null || p.outcome().equals(t.outcome()))
        && (p.backend() == null || t.backend().target() != null
            && p.backend().equals(t.backend().target().podName()));
  }

  static boolean serviceIs(ConnectionTrace t, String service) {
    return t.service() != null && (service.equals(t.service().namespace() + "/"
        + t.service().name()) || service.equals(t.service().name()));
  }

  private static String describe(Pick p) {
    List<String> parts = new ArrayList<>();
    add(parts, "client", p.client());
    add(parts, "service", p.service());
    add(parts, "name", p.name());
    add(parts, "dialled", p.dialled());
    add(parts, "outcome", p.outcome());
    add(parts, "backend", p.backend());
    return parts.isEmpty() ? "(any)" : String.join(", ", parts);
  }

  private static void add(List<String> parts, String what, String value) {
    if (value != null) {
      parts.add(what + " " + value);
    }
  }
}
