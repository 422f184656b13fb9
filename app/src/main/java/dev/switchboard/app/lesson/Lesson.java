package dev.switchboard.app.lesson;

import java.nio.file.Path;
import java.util.List;

/**
 * A guided lesson on one recording (docs/lesson-format.md): ordered steps, each with words to say,
 * a moment of the recording to show (or a stretch to play), something to focus, and perhaps a
 * question whose answer the recording itself gives. Immutable; any thread.
 *
 * @param session the recording, resolved next to the lesson file
 */
public record Lesson(String name, String title, String concept, Path session, List<Step> steps) {

  /**
   * One step.
   *
   * @param at where the playhead goes; never null
   * @param until when set, the step plays from {@code at} to here, then pauses
   * @param focus what the picture and the inspector show; null for the whole picture
   * @param question null when the step asks nothing
   */
  public record Step(String title, String narration, Moment at, Moment until, Focus focus,
      Question question) {}

  /**
   * A moment of the recording, found by what happened rather than by a clock reading, so a
   * lesson survives a re-recording: an offset from the start, the time of a timeline mark whose
   * words contain {@code mark}, or a connection's start; plus {@code plusSeconds}.
   */
  public record Moment(Double offsetSeconds, String mark, Pick connection, double plusSeconds) {}

  /**
   * Which connection a step means: the {@code nth} (from 1) of those matching every filter given
   * (client pod or address, Service "ns/name" or name, the name looked up, the address dialled,
   * the outcome, the backend pod), starting at or after {@code after}.
   */
  public record Pick(String client, String service, String name, String dialled, String outcome,
      String backend, Moment after, int nth) {}

  /**
   * What to focus: a Service or a pod by "ns/name", or a connection (optionally at one stage:
   * dns, syn, dnat, backend, outcome; "rules" shows the node's rule rows for it).
   */
  public record Focus(String service, String pod, Pick connection, String stage) {}

  /**
   * A question for the room: choices first, then the answer the recording gives.
   *
   * @param answer what to compute from the recording; a choice is right when it matches it
   */
  public record Question(String prompt, List<Choice> choices, AnswerSpec answer) {}

  /**
   * A choice: right when the computed answer contains {@code match} (any case), or, for a
   * number, when it lies in [{@code min}, {@code max}).
   */
  public record Choice(String text, String match, Double min, Double max) {}

  /**
   * What to compute from the recording.
   *
   * @param kind backend, outcome, dnsQueries, dnsName, dnsAnswers, dialled, clientSeenAs,
   *     targetPort, decisionChance, ruleProbability, apiListing, endpoints, mostChosen,
   *     connectionsTo, distinctBackends, lagMs, staleConnections
   * @param connection the connection it is about (per-connection kinds)
   * @param service the Service it is about ("ns/name"), for endpoints, mostChosen, lagMs …
   * @param from start of the stretch counted (mostChosen, connectionsTo, staleConnections)
   * @param to end of that stretch; null for the end of the recording
   * @param pod for connectionsTo: the backend pod counted
   */
  public record AnswerSpec(String kind, Pick connection, String service, Moment from, Moment to,
      String pod) {}
}
