package dev.switchboard.app.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.link.SidecarProcess;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code record} then {@code replay}: the real-lab-1 capture with its rules and API objects
 * recorded into a session, replayed to the very lines {@code trace} printed, byte for byte, in
 * any time zone and locale.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecordReplayCommandTest {
  @TempDir
  Path dir;

  record Run(int code, String out, String err) {}

  static Run run(String... argv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Cli.run(List.of(argv), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aRecordedCaptureReplaysToTheLinesTracePrinted() throws Exception {
    String dump = SidecarProcess.fixture(dir, "cluster.yaml").toString();
    String pcap = SidecarProcess.fixture(dir, "node1.pcap").toString();
    String rules = SidecarProcess.fixture(dir, "node1-iptables-save.txt").toString();
    Path session = dir.resolve("lab.sbsession");
    Run recorded = run("record", "--dump", dump, "--pcap", pcap, "--rules", rules, "--out",
        session.toString());
    assertEquals(0, recorded.code(), recorded.err());
    assertTrue(recorded.err().contains("switchboard: recorded "), recorded.err());
    Run traced = run("trace", "--dump", dump, "--pcap", pcap, "--rules", rules);
    Run replayed = run("replay", session.toString());
    assertEquals(0, replayed.code(), replayed.err());
    assertEquals(18, replayed.out().lines().count());
    assertEquals(traced.out(), replayed.out(), "the same connections, the same words");
    Run again = run("replay", session.toString(), "--format", "json");
    assertEquals(replayed.out(), again.out());
    assertArrayEquals(replayed.out().getBytes(StandardCharsets.UTF_8),
        elsewhere(session).getBytes(StandardCharsets.UTF_8), "another zone and locale");
  }

  /** The replay in another JVM, in New Zealand's Chatham time zone and a German locale. */
  private String elsewhere(Path session) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Duser.timezone=Pacific/Chatham", "-Duser.language=de", "-Duser.country=DE",
        "-cp", System.getProperty("java.class.path"), "dev.switchboard.app.Main", "replay",
        session.toString()));
    Path out = dir.resolve("elsewhere.jsonl");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
        .redirectError(dir.resolve("elsewhere.err").toFile()).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("elsewhere.err")));
    return Files.readString(out);
  }

  @Test
  void aCutSessionReplaysItsPrefixAndExitsThree() throws Exception {
    String dump = SidecarProcess.fixture(dir, "cluster.yaml").toString();
    Path big = dev.switchboard.app.link.RepeatedCapture.write(dir, 40);
    Path session = dir.resolve("big.sbsession");
    assertEquals(0, run("record", "--dump", dump, "--pcap", "node1=" + big, "--out",
        session.toString()).code());
    byte[] all = Files.readAllBytes(session);
    Path cut = Files.write(dir.resolve("cut.sbsession"), java.util.Arrays.copyOf(all,
        all.length / 2));
    Run replayed = run("replay", cut.toString());
    assertEquals(3, replayed.code(), replayed.err());
    long lines = replayed.out().lines().count();
    assertTrue(lines > 100 && lines < 18 * 40, "connections before the cut: " + lines);
    assertTrue(replayed.err().contains("the recording was cut inside block"), replayed.err());
  }

  @Test
  void anInterruptedRecordingIsStillClosedProperly() throws Exception {
    Path dump = SidecarProcess.fixture(dir, "cluster.yaml");
    Path session = dir.resolve("interrupted.sbsession");
    try (SidecarProcess sidecar = SidecarProcess.start(dir, SidecarProcess.freePort())) {
      Process record = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-cp", System.getProperty("java.class.path"), "dev.switchboard.app.Main", "record",
          "--dump", dump.toString(), "--sidecar", sidecar.url().toString(), "--token-file",
          SidecarProcess.tokenFile(dir).toString(), "--out", session.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("record.log").toFile()).start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(dir.resolve("record.log")).contains("streaming from node node1")) {
        assertTrue(System.nanoTime() < deadline && record.isAlive(),
            Files.readString(dir.resolve("record.log")));
        Thread.sleep(100);
      }
      Thread.sleep(2500); // the 18 connections, a block written
      record.destroy(); // SIGTERM, as Ctrl-C's SIGINT: the shutdown hook closes the file
      assertTrue(record.waitFor(30, TimeUnit.SECONDS));
    }
    Run replayed = run("replay", session.toString());
    assertEquals(0, replayed.code(), replayed.err() + Files.readString(dir.resolve("record.log")));
    assertEquals(18, replayed.out().lines().count());
    assertTrue(Files.readString(dir.resolve("record.log")).contains("switchboard: recorded "),
        Files.readString(dir.resolve("record.log")));
    dev.switchboard.app.session.SessionIndex index =
        dev.switchboard.app.session.SessionIndex.read(session);
    assertTrue(index.ended(), "the end record was written on the way out");
  }

  @Test
  void lessonListNamesEachLessonWithItsConceptAndRecording() {
    Run list = run("lesson", "list");
    assertEquals(0, list.code(), list.err());
    assertEquals(9, list.out().lines().count(), list.out());
    assertTrue(list.out().contains("random-choice          kube-proxy's random choice — iptables"
        + " rule rows with probabilities 1/n"), list.out());
    assertTrue(list.out().lines().allMatch(l -> l.matches("\\S+ +.+ — .+ \\(recording \\S+"
        + "\\.sbsession\\)")), list.out());
    Run check = run("lesson", "check", "selector-typo");
    assertEquals(0, check.code(), check.err());
    assertTrue(check.out().contains("answer: rejected [observed (on the wire)] → rejected by the"
        + " node's rules (ICMP)"), check.out());
    assertEquals(1, run("lesson", "check", "no-such-lesson").code());
  }

  @Test
  void whatIsNotASessionExitsOneWithWhatItIs() throws Exception {
    String pcap = SidecarProcess.fixture(dir, "node1.pcap").toString();
    Run r = run("replay", pcap);
    assertEquals(1, r.code());
    assertTrue(r.err().contains("cannot read the session " + pcap + ": not a Switchboard session:"
        + " it is a packet capture (pcap/pcapng): open it with --pcap"), r.err());
    assertEquals(2, run("replay").code());
    assertEquals(2, run("record", "--pcap", pcap).code(), "--out is required");
  }
}
