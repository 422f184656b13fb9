package dev.switchboard.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.app.link.SidecarProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --pcapng} of real-lab-1 recorded from its capture file and from a sidecar
 * replaying it, read back by Wireshark's tshark: no complaints, the cluster's names with name
 * resolution on, a comment per packet naming its trace and stage, nothing of a payload kept but
 * DNS.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PcapngExportTest {
  /** Every frame of node1.pcap decodes. */
  static final int PACKETS = 535;

  @TempDir
  Path dir;
  String dump;
  String pcap;
  String rules;

  @BeforeEach
  void fixtures() throws Exception {
    assumeTrue(Tshark.installed(), "tshark is not installed (.ci/run installs it)");
    dump = SidecarProcess.fixture(dir, "cluster.yaml").toString();
    pcap = SidecarProcess.fixture(dir, "node1.pcap").toString();
    rules = SidecarProcess.fixture(dir, "node1-iptables-save.txt").toString();
  }

  private Path recorded(String... more) {
    Path session = dir.resolve("lab-" + System.nanoTime() + ".sbsession");
    List<String> argv = new java.util.ArrayList<>(List.of("record", "--dump", dump, "--pcap",
        pcap, "--rules", rules, "--out", session.toString()));
    argv.addAll(List.of(more));
    CliRun r = CliRun.of(argv.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    return session;
  }

  private static CliRun export(Path session, Path out, String... more) {
    List<String> argv = new java.util.ArrayList<>(List.of("export", session.toString(),
        "--pcapng", out.toString()));
    argv.addAll(List.of(more));
    return CliRun.of(argv.toArray(String[]::new));
  }

  @Test
  void wiresharkReadsThePacketsWithTheClustersNamesAndATraceOnEach() throws Exception {
    Path session = recorded();
    Path out = dir.resolve("lab.pcapng");
    CliRun r = export(session, out);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("wrote " + PACKETS + " packets"), r.err());

    Tshark plain = Tshark.read(out);
    assertEquals(0, plain.code());
    assertEquals("", plain.err(), "tshark reads it without a complaint");
    assertEquals(PACKETS, plain.lines().size());

    Tshark named = Tshark.read(out, "-N", "n");
    String all = String.join("\n", named.lines());
    assertTrue(all.contains("client-1.demo → web.demo.svc TCP"), "a Service VIP by name:\n" + all);
    assertTrue(all.contains("client-1.demo → web-1.demo"), "a pod by name");
    assertTrue(all.contains("client-1.demo → kube-dns.kube-system.svc DNS"), "the DNS VIP");

    Tshark fields = Tshark.read(out, "-T", "fields", "-E", "separator=|", "-e", "frame.comment",
        "-e", "tcp.flags.syn", "-e", "tcp.flags.ack", "-e", "ip.dst", "-e", "dns.qry.name");
    assertEquals(PACKETS, fields.lines().size());
    long untraced = fields.lines().stream().filter(l -> l.startsWith("no traced connection"))
        .count();
    assertTrue(untraced <= 2, "all but the node's own chatter is traced: " + untraced);
    for (String l : fields.lines()) {
      String[] f = l.split("\\|", -1);
      assertFalse(f[0].isEmpty(), "every packet has its comment: " + l);
      if (f[1].equals("1") && f[2].equals("0") && f[3].startsWith("10.96.")) {
        assertTrue(f[0].matches("trace node1/node1-\\w+: SYN to VIP 10\\.96\\.\\d+\\.\\d+:80 \\(demo/"
            + "[a-z-]+\\)"), "a SYN to a VIP: " + l);
      }
      if (f[1].equals("1") && f[2].equals("0") && f[3].startsWith("10.244.")) {
        assertTrue(f[0].matches("trace node1/node1-\\w+: after DNAT → demo/web-\\d "
            + "10\\.244\\.\\d+\\.\\d+:\\d+: SYN"), "its copy after DNAT: " + l);
      }
      if (!f[4].isEmpty() && !f[0].equals("no traced connection")) {
        // the walk is collapsed: each try of the search path belongs to the name it resolved
        Matcher m = Pattern.compile("trace node1/node1-\\w+: DNS lookup of (\\S+) \\((query|answer)"
            + "\\)").matcher(f[0]);
        assertTrue(m.matches() && f[4].startsWith(m.group(1)), l);
      }
    }
    Set<String> traces = fields.lines().stream().map(l -> l.split(":")[0])
        .filter(c -> c.startsWith("trace ")).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(18, traces.size(), "the 18 connections of the capture: " + traces);

    Tshark sizes = Tshark.read(out, "-Y", "tcp.len > 0", "-T", "fields", "-E", "separator=|",
        "-e", "frame.cap_len", "-e", "ip.hdr_len", "-e", "tcp.hdr_len", "-e", "tcp.srcport",
        "-e", "tcp.dstport");
    assertFalse(sizes.lines().isEmpty(), "the capture has data segments");
    for (String l : sizes.lines()) {
      String[] f = l.split("\\|");
      if (f[3].equals("53") || f[4].equals("53")) {
        continue;
      }
      int sll2 = 20;
      assertEquals(sll2 + Integer.parseInt(f[1]) + Integer.parseInt(f[2]),
          Integer.parseInt(f[0]), "only headers kept of a data segment: " + l);
    }
  }

  @Test
  void aSidecarsPacketStreamIsRecordedAndExportedAlike() throws Exception {
    Path session = dir.resolve("live.sbsession");
    try (SidecarProcess sidecar = SidecarProcess.start(dir, SidecarProcess.freePort())) {
      CliRun r = CliRun.of("record", "--dump", dump,
          "--sidecar", sidecar.url().toString(), "--token-file",
          SidecarProcess.tokenFile(dir).toString(), "--duration", "4s", "--out",
          session.toString());
      assertEquals(0, r.code(), r.err());
      assertTrue(r.err().contains(String.format("%,d packets", PACKETS)), r.err());
    }
    Path out = dir.resolve("live.pcapng");
    CliRun r = export(session, out);
    assertEquals(0, r.code(), r.err());
    Tshark t = Tshark.read(out, "-T", "fields", "-e", "frame.comment");
    assertEquals("", t.err());
    assertEquals(PACKETS, t.lines().size());
    assertEquals(18, t.lines().stream().filter(c -> c.contains(": SYN to ")).count(),
        "one SYN to a Service per connection");
  }

  @Test
  void oneTraceOrOneStretchAlone() throws Exception {
    Path session = recorded();
    Path all = dir.resolve("all.pcapng");
    assertEquals(0, export(session, all).code());
    List<String> comments = Tshark.read(all, "-T", "fields", "-e", "frame.comment").lines();
    String id = comments.stream().filter(c -> c.contains("SYN to VIP")).findFirst().orElseThrow()
        .split(":")[0].substring("trace ".length());

    Path one = dir.resolve("one.pcapng");
    CliRun r = export(session, one, "--trace", id);
    assertEquals(0, r.code(), r.err());
    List<String> its = Tshark.read(one, "-T", "fields", "-e", "frame.comment").lines();
    assertTrue(its.stream().allMatch(c -> c.startsWith("trace " + id + ": ")), its.toString());
    assertTrue(its.stream().anyMatch(c -> c.contains("DNS lookup of")), "its lookup");
    assertTrue(its.stream().anyMatch(c -> c.contains("SYN to VIP")), "its SYN");
    assertTrue(its.stream().anyMatch(c -> c.contains("after DNAT → demo/web-")), "after DNAT");
    assertEquals(comments.stream().filter(c -> c.startsWith("trace " + id + ": ")).count(),
        its.size(), "every packet of it, and only those");

    Path early = dir.resolve("early.pcapng");
    r = export(session, early, "--from", "10m", "--to", "11m");
    assertEquals(1, r.code(), "a stretch after the recording holds nothing: " + r.err());
    assertTrue(r.err().contains("no packets of the session are in the range"), r.err());
    r = export(session, early, "--from", "0:00", "--to", "0:00.300");
    assertEquals(0, r.code(), r.err());
    int before = Tshark.read(early).lines().size();
    assertTrue(before > 0 && before < PACKETS, "a stretch of it: " + before);
  }

  @Test
  void whatCannotBeExportedIsSaidAndLeavesNothingBehind() throws Exception {
    Path without = recorded("--no-packets");
    Path out = dir.resolve("out").resolve("x.pcapng");
    Files.createDirectories(out.getParent());
    CliRun r = export(without, out);
    assertEquals(1, r.code());
    assertTrue(r.err().contains("holds no packets") && r.err().contains("--no-packets"), r.err());
    assertEquals(0, Files.list(out.getParent()).count(), "nothing left behind");

    Path with = recorded();
    r = export(with, out, "--trace", "node9/nope");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("has no trace node9/nope"), r.err());
    r = export(with, dir.resolve("missing").resolve("x.pcapng"));
    assertEquals(1, r.code());
    assertTrue(r.err().contains("there is no directory"), r.err());
    r = export(with, out.getParent());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("it is a directory"), r.err());
    r = export(with, out, "--from", "yesterday");
    assertEquals(2, r.code(), r.err());
    assertEquals(0, Files.list(out.getParent()).count(), "nothing left behind");
  }
}
