package dev.switchboard.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.switchboard.app.link.SidecarProcess;
import dev.switchboard.capture.pcap.CaptureBytes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code trace} end to end: a real sidecar process replaying the real-lab-1 capture with its
 * kube-proxy rules, the real API objects as a dump, the CLI printing JSON lines.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TraceCommandTest {
  @TempDir
  Path dir;

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  int run(String... argv) {
    return Cli.run(List.of(argv), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsOneLinePerConnectionWithEveryStage() throws Exception {
    Path dump = SidecarProcess.fixture(dir, "cluster.yaml");
    try (SidecarProcess sidecar = SidecarProcess.start(dir, SidecarProcess.freePort())) {
      int code = run("trace", "--dump", dump.toString(), "--sidecar", sidecar.url().toString(),
          "--token-file", SidecarProcess.tokenFile(dir).toString(), "--duration", "3s",
          "--format", "json");
      assertEquals(0, code, err());
    }
    List<JsonObject> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(JsonParser.parseString(line).getAsJsonObject());
    }
    Files.writeString(Path.of("target", "trace-real-lab-1.jsonl"),
        out.toString(StandardCharsets.UTF_8));
    assertEquals(18, lines.size(), "one line per connection of the capture");
    JsonObject first = lines.get(0);
    assertEquals("client-1", first.getAsJsonObject("client").get("pod").getAsString());
    assertEquals("web.demo.svc.cluster.local",
        first.getAsJsonObject("dns").get("name").getAsString());
    assertEquals("observed", first.getAsJsonObject("dns").get("evidence").getAsString());
    assertEquals("web", first.getAsJsonObject("service").get("name").getAsString());
    assertEquals("10.96.140.99", first.getAsJsonObject("vip").get("ip").getAsString());
    JsonObject decision = first.getAsJsonObject("decision");
    assertEquals("iptables", decision.get("mode").getAsString());
    assertEquals(1.0 / 3, decision.get("probability").getAsDouble(), 1e-3);
    assertEquals("observed", decision.get("evidence").getAsString());
    assertEquals("web-1", first.getAsJsonObject("backend").get("pod").getAsString());
    assertEquals("closed", first.get("outcome").getAsString());
    assertTrue(first.get("startedAt").getAsString().startsWith("2026-11-22T08:34:43."));
    JsonObject nodePort = lines.stream().filter(l -> l.has("nodePort")).findFirst().orElseThrow();
    assertEquals(30080, nodePort.get("nodePort").getAsInt());
    assertEquals("169.254.1.1", nodePort.getAsJsonObject("snat").get("ip").getAsString());
    assertFalse(nodePort.getAsJsonObject("client").has("pod"));
    assertEquals(3, lines.stream().filter(l -> l.get("outcome").getAsString().equals("refused"))
        .count());
    assertTrue(err().contains("streaming from node node1"), err());
    assertTrue(err().contains("traces=18"), err());
  }

  @Test
  void aRefusedTokenEndsTheRunWithAPlainError() throws Exception {
    Path dump = SidecarProcess.fixture(dir, "cluster.yaml");
    Path wrong = Files.writeString(dir.resolve("wrong"), "nope\n");
    try (SidecarProcess sidecar = SidecarProcess.start(dir, SidecarProcess.freePort())) {
      int code = run("trace", "--dump", dump.toString(), "--sidecar", sidecar.url().toString(),
          "--token-file", wrong.toString(), "--duration", "1500ms");
      assertEquals(1, code);
    }
    assertTrue(err().contains("refused the token (HTTP 401)"), err());
    assertTrue(err().contains("no sidecar or capture file gave any events"), err());
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aNodesCaptureFileAndItsSavedRulesGiveTheSameTracesAndTheRunEnds() throws Exception {
    Path dump = SidecarProcess.fixture(dir, "cluster.yaml");
    Path pcap = SidecarProcess.fixture(dir, "node1.pcap");
    Path rules = SidecarProcess.fixture(dir, "node1-iptables-save.txt");
    int code = run("trace", "--dump", dump.toString(), "--pcap", pcap.toString(), "--rules",
        rules.toString(), "--format", "json");
    assertEquals(0, code, err());
    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(18, lines.length, "every connection of the capture, then the run ends");
    JsonObject first = JsonParser.parseString(lines[0]).getAsJsonObject();
    assertEquals(List.of("node1"), List.of(first.getAsJsonArray("nodes").get(0).getAsString()),
        "the node is named after the file");
    assertEquals("observed", first.getAsJsonObject("decision").get("evidence").getAsString());
    assertEquals("web-1", first.getAsJsonObject("backend").get("pod").getAsString());
    assertTrue(err().contains("replayed 535 packets of node1.pcap"), err());
  }

  @Test
  void aFileThatIsNotACaptureExitsOneNamingTheFileAndWhatItIs() throws Exception {
    Path dump = SidecarProcess.fixture(dir, "cluster.yaml");
    Path empty = Files.write(dir.resolve("empty.pcap"), new byte[0]);
    Path tiny = Files.write(dir.resolve("tiny.pcap"), new byte[10]);
    Path text = Files.writeString(dir.resolve("notes.pcap"), "tcpdump -i any -w node1.pcap\n");
    Path folder = Files.createDirectory(dir.resolve("captures"));
    for (Object[] c : new Object[][] {
        {empty, "the file is empty: not a capture file"},
        {tiny, "not a pcap or pcapng file: it starts with the bytes 00 00 00 00"},
        {text, "not a pcap or pcapng file: it starts with the text \"tcpd\""},
        {folder, "it is a directory"}}) {
      err.reset();
      assertEquals(1, run("trace", "--dump", dump.toString(), "--pcap", c[0].toString()), err());
      assertTrue(err().contains("cannot read the capture file " + c[0] + ": " + c[1]), err());
      assertFalse(err().contains("ends early"), err());
    }
    Path cutHeader = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(
        Files.readAllBytes(SidecarProcess.fixture(dir, "node1.pcap")), 10));
    err.reset();
    assertEquals(1, run("trace", "--dump", dump.toString(), "--pcap", cutHeader.toString()));
    assertTrue(err().contains("the file ends inside its pcap file header, after 10 bytes"), err());
  }

  @Test
  void aTooShortInterfaceBlockEndsTheRunInsteadOfHangingIt() throws Exception {
    Path dump = SidecarProcess.fixture(dir, "cluster.yaml");
    byte[] one = Files.readAllBytes(SidecarProcess.fixture(dir, "node1.pcap"));
    byte[] firstFrame = Arrays.copyOfRange(one, 24 + 16,
        24 + 16 + ByteBuffer.wrap(one, 32, 4).order(ByteOrder.LITTLE_ENDIAN)
            .getInt());
    Path damaged = Files.write(dir.resolve("node1.pcapng"), CaptureBytes.pcapng(ByteOrder.LITTLE_ENDIAN)
        .iface(276, "any").packet(0, 1_000_000L, firstFrame)
        .block(1, 12, new byte[0], 12).iface(276, "any").bytes());
    int code = run("trace", "--dump", dump.toString(), "--pcap", damaged.toString());
    assertEquals(3, code, err());
    assertTrue(err().contains("replayed 1 packets of node1.pcapng; the file is damaged, reading"
        + " stopped: interface description block at byte"), err());
    assertTrue(err().contains("damaged_file=1"), err());
  }

  @Test
  void aLinkTypeThatIsNotDecodedIsNamed() throws Exception {
    Path dump = SidecarProcess.fixture(dir, "cluster.yaml");
    CaptureBytes air = CaptureBytes.classic(127);
    for (int i = 0; i < 182; i++) {
      air.record(1_000_000L + i, new byte[] {0, 0, 8, 0, 0, 0, 0, 0});
    }
    Path radiotap = Files.write(dir.resolve("wlan0.pcap"), air.bytes());
    assertEquals(0, run("trace", "--dump", dump.toString(), "--pcap", radiotap.toString()), err());
    assertTrue(err().contains("link type 127, IEEE 802.11 radiotap: not decoded, 182 packets"
        + " skipped"), err());
  }

  @Test
  void aDamagedCaptureStillGivesWhatCameBeforeTheDamage() throws Exception {
    Path dump = SidecarProcess.fixture(dir, "cluster.yaml");
    byte[] whole = Files.readAllBytes(SidecarProcess.fixture(dir, "node1.pcap"));
    Path cut = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(whole,
        whole.length / 2 + 7));
    int code = run("trace", "--dump", dump.toString(), "--pcap", "node1=" + cut, "--format",
        "json");
    assertEquals(3, code, "printed what was read, but not the whole file: " + err());
    long lines = out.toString(StandardCharsets.UTF_8).lines().count();
    assertTrue(lines > 3 && lines < 18, "the connections before the damage: " + lines);
    assertTrue(err().contains("the file is damaged, reading stopped: file ends inside"), err());
    assertTrue(err().contains("damaged_file=1"), err());
    JsonObject first = JsonParser.parseString(out.toString(StandardCharsets.UTF_8).lines()
        .findFirst().orElseThrow()).getAsJsonObject();
    assertEquals("unknown", first.getAsJsonObject("decision").get("evidence").getAsString(),
        "without the node's rules the choice is not guessed");
  }

  @Test
  void usageMistakesAreNamed() throws Exception {
    assertEquals(2, run("trace", "--dump", "x.yaml"));
    assertTrue(err().contains("with --dump, name the traffic too"), err());
    err.reset();
    assertEquals(2, run("trace", "--sidecar", "ftp://x", "--token-file", "t"));
    assertTrue(err().contains("expected http://HOST:PORT"), err());
    err.reset();
    assertEquals(2, run("trace", "--sidecar", "http://127.0.0.1:1", "--token-file", "t",
        "--duration", "soon"));
    assertTrue(err().contains("not soon"), err());
    err.reset();
    assertEquals(1, run("trace", "--sidecar", "http://127.0.0.1:1", "--token-file",
        dir.resolve("missing").toString()));
    assertTrue(err().contains("cannot read the token file"), err());
  }
}
