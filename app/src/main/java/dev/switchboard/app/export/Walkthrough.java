package dev.switchboard.app.export;

import dev.switchboard.app.session.SessionIndex;
import dev.switchboard.app.session.SessionRecord;
import dev.switchboard.app.session.SessionTime;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.trace.TraceText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A session's bookmarks as a walkthrough: one section per bookmark in time order, each with the
 * connections that started around it, the cluster and rule changes around it (kube-proxy's lag
 * among them) and the losses in that stretch. "Around" is {@link #AROUND_NANOS} either side.
 * Built once; immutable after; any thread.
 */
final class Walkthrough {
  static final long AROUND_NANOS = 5_000_000_000L;
  /** More than this many connections in a section are counted, not listed. */
  static final int MOST_ROWS = 30;

  /** A connection as the table lists it. */
  record Row(String id, String started, String client, String name, String service, String rule,
      String backend, String outcome, String evidence, String evidenceWords) {}

  /** A timeline mark in the stretch: when, what kind, what. */
  record Change(String at, String kind, String text) {}

  /**
   * @param focus the connection the picture holds (the first listed), or null
   * @param more connections around it that are not listed
   */
  record Section(int number, String note, long atNanos, String offset, String time, List<Row> rows,
      int more, List<Change> changes, List<Change> losses, ConnectionTrace focus) {}

  final String title;
  final String span;
  final List<Section> sections;

  private Walkthrough(String title, String span, List<Section> sections) {
    this.title = title;
    this.span = span;
    this.sections = sections;
  }

  /**
   * @throws ExportException when the session has no bookmarks, or one lies outside it
   */
  static Walkthrough of(String name, SessionIndex index, List<ConnectionTrace> traces)
      throws ExportException {
    List<SessionRecord.Bookmark> marks = new ArrayList<>(index.bookmarks());
    if (marks.isEmpty()) {
      throw new ExportException("the session " + name + " has no bookmarks to walk through: add"
          + " them in the window (B at a moment of the timeline) first");
    }
    marks.sort(Comparator.comparingLong(SessionRecord.Bookmark::timestampNanos));
    long zero = index.startNanos();
    String span = SessionTime.offset(0) + "–" + SessionTime.offset(index.endNanos() - zero);
    for (SessionRecord.Bookmark b : marks) {
      if (b.timestampNanos() < zero || b.timestampNanos() > index.endNanos()) {
        throw new ExportException("the bookmark \"" + b.note() + "\" at " + time(b.timestampNanos())
            + " is outside the session (" + time(zero) + " to " + time(index.endNanos())
            + "): remove it in the window");
      }
    }
    List<ConnectionTrace> byStart = new ArrayList<>(traces);
    byStart.sort(Comparator.comparingLong(ConnectionTrace::startedAtNanos));
    List<Section> sections = new ArrayList<>();
    for (SessionRecord.Bookmark b : marks) {
      long t = b.timestampNanos();
      List<ConnectionTrace> near = byStart.stream()
          .filter(c -> Math.abs(c.startedAtNanos() - t) <= AROUND_NANOS).toList();
      List<Row> rows = near.stream().limit(MOST_ROWS).map(c -> row(c, zero)).toList();
      List<Change> changes = new ArrayList<>();
      List<Change> losses = new ArrayList<>();
      for (SessionIndex.Mark m : index.marks()) {
        if (Math.abs(m.atNanos() - t) > AROUND_NANOS) {
          continue;
        }
        Change c = new Change(SessionTime.offset(m.atNanos() - zero), kind(m), m.text());
        (Set.of(SessionIndex.Kind.LOSS, SessionIndex.Kind.LINK).contains(m.kind()) ? losses
            : changes).add(c);
      }
      changes.sort(Comparator.comparing(Change::at));
      losses.sort(Comparator.comparing(Change::at));
      sections.add(new Section(sections.size() + 1, b.note(), t, SessionTime.offset(t - zero),
          time(t), rows, near.size() - rows.size(), changes, losses,
          near.isEmpty() ? null : nearest(near, t)));
    }
    String title = index.start() == null ? name : name + " — " + index.start().cluster();
    return new Walkthrough(title, span, List.copyOf(sections));
  }

  private static ConnectionTrace nearest(List<ConnectionTrace> near, long t) {
    return near.stream().min(Comparator.comparingLong(c -> Math.abs(c.startedAtNanos() - t)))
        .orElseThrow();
  }

  private static String kind(SessionIndex.Mark m) {
    String what = switch (m.kind()) {
      case CLUSTER -> "cluster";
      case RULES -> "rules";
      case LAG -> "kube-proxy lag";
      case LOSS -> "loss";
      case LINK -> "link";
    };
    return m.node() == null ? what : what + " · " + m.node();
  }

  private static Row row(ConnectionTrace t, long zero) {
    String rule = t.decision() == null ? "—" : rule(t.decision().rule(), t.decision().mode())
        + (TraceText.chance(t).isEmpty() ? "" : " · " + TraceText.chance(t));
    return new Row(t.id(), SessionTime.offset(t.startedAtNanos() - zero), TraceText.client(t),
        t.dns() == null ? "—" : t.dns().name(), TraceText.service(t), rule, TraceText.backend(t),
        t.outcome(), TraceText.evidence(t), TraceText.evidenceWords(t));
  }

  private static final Pattern JUMP = Pattern.compile("-j (\\S+)");

  /**
   * "KUBE-SVC-XRY… rule 2 → KUBE-SEP-TZIX…" from the rule as the node's kube-proxy wrote it;
   * other modes' rules as they are.
   */
  static String rule(String rule, String mode) {
    if (rule == null) {
      return mode;
    }
    int colon = rule.indexOf(':');
    Matcher jump = JUMP.matcher(rule);
    String target = null;
    while (jump.find()) {
      target = jump.group(1);
    }
    return colon > 0 && target != null ? rule.substring(0, colon) + " → " + target : rule;
  }

  /** UTC, to the millisecond: the same words on every machine. */
  static String time(long nanos) {
    return Instant.ofEpochSecond(0, nanos).truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
        .toString();
  }
}
