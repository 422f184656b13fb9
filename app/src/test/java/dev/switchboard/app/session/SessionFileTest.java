package dev.switchboard.app.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.app.cluster.ChangeKind;
import dev.switchboard.app.cluster.ContainerPort;
import dev.switchboard.app.cluster.ObjectKey;
import dev.switchboard.app.cluster.PodInfo;
import dev.switchboard.app.cluster.PodPhase;
import dev.switchboard.app.cluster.Workload;
import dev.switchboard.app.link.LinkStatus;
import dev.switchboard.capture.FlowObserver;
import dev.switchboard.capture.PcapReplay;
import dev.switchboard.capture.event.Event;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session file itself: what goes in comes out; what is damaged is named, never replayed. */
class SessionFileTest {
  static List<Event> capture;

  @TempDir
  Path dir;

  @BeforeAll
  static void events() throws Exception {
    try (InputStream in = SessionFileTest.class.getResourceAsStream(
        "/fixtures/real-lab-1/node1.pcap")) {
      capture = PcapReplay.replay(in, "node1", FlowObserver.Settings.DEFAULT).events();
    }
  }

  static PodInfo pod(String name, String ip) {
    return new PodInfo("demo", name, "uid-" + name, ip, List.of(ip), "node1", PodPhase.RUNNING,
        true, false, false, Map.of("app", "web"), List.of(new ContainerPort("http", 8080, "TCP")),
        1_795_336_000_000L, new Workload("Deployment", "web"));
  }

  /** A session of every record kind; {@code copies} times the capture's events (to fill blocks). */
  static List<SessionRecord> records(int copies) {
    List<SessionRecord> r = new ArrayList<>();
    long t = capture.get(0).timestampNanos();
    r.add(new SessionRecord.Start(t - 10, 1, "switchboard test", "dump cluster.yaml",
        List.of("capture node1=node1.pcap")));
    r.add(new SessionRecord.ClusterChange(t - 5, ChangeKind.POD, new ObjectKey("demo", "web-1"),
        pod("web-1", "10.244.0.11"), true));
    r.add(new SessionRecord.Link(t - 1, new LinkStatus("node1.pcap", "node1",
        LinkStatus.LinkState.STREAMING, 0, "replaying node1.pcap")));
    for (int i = 0; i < copies; i++) {
      capture.forEach(e -> r.add(new SessionRecord.EventRecord(e)));
    }
    r.add(new SessionRecord.ClusterChange(t + 5, ChangeKind.POD, new ObjectKey("demo", "web-1"),
        null, false));
    r.add(new SessionRecord.Bookmark(t + 7, "b1", "the refused one", false));
    r.add(new SessionRecord.End(t + 9, "files read"));
    return r;
  }

  Path write(List<SessionRecord> records) throws Exception {
    Path p = dir.resolve("s.sbsession");
    try (SessionWriter w = SessionWriter.create(p)) {
      for (SessionRecord r : records) {
        w.write(r);
      }
    }
    return p;
  }

  static List<SessionRecord> readAll(SessionReader reader) throws Exception {
    List<SessionRecord> out = new ArrayList<>();
    for (SessionRecord r = reader.next(); r != null; r = reader.next()) {
      out.add(r);
    }
    return out;
  }

  static SessionReader reader(byte[] bytes) throws Exception {
    return new SessionReader(new ByteArrayInputStream(bytes));
  }

  @Test
  void whatIsWrittenIsReadBackInOrder() throws Exception {
    List<SessionRecord> written = records(1);
    Path p = write(written);
    try (SessionReader r = reader(Files.readAllBytes(p))) {
      assertEquals(written, readAll(r));
      assertNull(r.damage());
    }
    assertTrue(Files.size(p) < 0.3 * written.stream().mapToLong(x -> SessionCodec.encode(x)
        .length()).sum(), "compressed: " + Files.size(p));
  }

  @Test
  void aCutFileGivesEveryWholeBlockAndSaysWhereItWasCut() throws Exception {
    List<SessionRecord> written = records(60); // several blocks of 256 KiB
    byte[] all = Files.readAllBytes(write(written));
    int blocks;
    try (SessionReader r = reader(all)) {
      readAll(r);
      blocks = r.extent().blocks();
    }
    assertTrue(blocks >= 3, "blocks: " + blocks);
    byte[] cut = Arrays.copyOf(all, all.length * 2 / 3);
    try (SessionReader r = reader(cut)) {
      List<SessionRecord> got = readAll(r);
      assertTrue(got.size() > 100 && got.size() < written.size(), "records: " + got.size());
      assertEquals(written.subList(0, got.size()), got, "a prefix, in order");
      assertTrue(r.damage().startsWith("the recording was cut inside block "), r.damage());
      assertTrue(r.damage().contains(", after 2026-11-22T08:34:4"), r.damage());
    }
  }

  @Test
  void aFlippedByteInTheMiddleIsFoundAndNamedNeverReplayed() throws Exception {
    List<SessionRecord> written = records(60);
    byte[] bytes = Files.readAllBytes(write(written));
    int middle = bytes.length / 2;
    bytes[middle] ^= 0x10;
    try (SessionReader r = reader(bytes)) {
      List<SessionRecord> got = readAll(r);
      assertEquals(written.subList(0, got.size()), got);
      assertTrue(r.damage().matches("block \\d+ at byte \\d+ (is damaged: its checksum does not"
          + " match|does not start like a block), after 2026-11-22T.*: everything before it is"
          + " replayed"), r.damage());
    }
  }

  @Test
  void whatIsNotASessionIsRefusedWithWhatItIs() throws Exception {
    assertEquals("the file is empty: not a Switchboard session", refusal(new byte[0]));
    byte[] pcap = getClass().getResourceAsStream("/fixtures/real-lab-1/node1.pcap").readAllBytes();
    assertEquals("not a Switchboard session: it is a packet capture (pcap/pcapng): open it with"
        + " --pcap", refusal(pcap));
    assertEquals("not a Switchboard session: it looks like a cluster dump (YAML or JSON): open it"
        + " with --dump", refusal("apiVersion: v1\nitems: []\n".getBytes()));
    byte[] newer = Files.readAllBytes(write(records(1)));
    ByteBuffer.wrap(newer).putShort(SessionFormat.MAGIC.length, (short) 2);
    assertEquals("this session was written by a newer Switchboard (session format 2; this version"
        + " reads format 1): update Switchboard to open it", refusal(newer));
    assertEquals("the file ends inside its header, after 21 bytes: not a complete session",
        refusal(Arrays.copyOf(newer, 21)));
  }

  private static String refusal(byte[] bytes) {
    return assertThrows(SessionFormatException.class, () -> reader(bytes)).getMessage();
  }

  @Test
  void recordsOfANewerKindAreSkippedAndCounted() throws Exception {
    Path p = dir.resolve("future.sbsession");
    try (SessionWriter w = SessionWriter.create(p)) {
      w.write(records(0).get(0));
    }
    // A record type a later version adds, written in a block of its own by hand.
    SessionReader.Extent extent;
    try (SessionReader r = reader(Files.readAllBytes(p))) {
      readAll(r);
      extent = r.extent();
    }
    try (SessionWriter w = SessionWriter.append(p, extent)) {
      w.writeLine("{\"type\":\"hologram\",\"timestampNanos\":1}", 1);
      w.write(new SessionRecord.End(2, "closed"));
    }
    try (SessionReader r = reader(Files.readAllBytes(p))) {
      List<SessionRecord> got = readAll(r);
      assertEquals(2, got.size(), r.damage() + " " + got);
      assertEquals(1, r.skipped());
      assertNull(r.damage());
    }
  }
}
