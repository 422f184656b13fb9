package dev.switchboard.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.app.link.SidecarProcess;
import dev.switchboard.app.session.SessionBookmarks;
import dev.switchboard.app.session.SessionIndex;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --report}: real-lab-1 recorded, two bookmarks added the way the window adds them,
 * then a walkthrough as HTML (opened by a real headless Chromium, offline: every picture decodes)
 * and as Markdown with its pictures beside it; and what cannot be reported is said, leaving
 * nothing behind.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ReportExportTest {
  @TempDir
  Path dir;
  Path session;
  long zero;

  @BeforeEach
  void recorded() throws Exception {
    session = dir.resolve("incident.sbsession");
    CliRun r = CliRun.of("record", "--dump", SidecarProcess.fixture(dir, "cluster.yaml").toString(),
        "--pcap", SidecarProcess.fixture(dir, "node1.pcap").toString(), "--rules",
        SidecarProcess.fixture(dir, "node1-iptables-save.txt").toString(), "--out",
        session.toString());
    assertEquals(0, r.code(), r.err());
    zero = SessionIndex.read(session).startNanos();
  }

  private void bookmark(long offsetMillis, String note) throws Exception {
    new SessionBookmarks(SessionIndex.read(session)).add(zero + offsetMillis * 1_000_000L, note);
  }

  @Test
  void aWalkthroughOfTheBookmarksOpensOfflineInABrowser() throws Exception {
    assumeTrue(Chromium.installed(), "chromium is not installed (.ci/run installs it)");
    bookmark(600, "the refused ones <start here> & why");
    bookmark(20, "first lookup");
    Path html = dir.resolve("walkthrough.html");
    CliRun r = CliRun.of("export", session.toString(), "--report", html.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("wrote a walkthrough of 2 bookmarks ("), r.err());

    String page = Files.readString(html, StandardCharsets.UTF_8);
    assertFalse(Pattern.compile("(src|href)=\"(https?:|//)").matcher(page).find(),
        "nothing is fetched from anywhere");
    int first = page.indexOf("1. first lookup");
    int second = page.indexOf("2. the refused ones &lt;start here&gt; &amp; why");
    assertTrue(first > 0 && second > first, "one section per bookmark, in time order");
    assertTrue(page.contains("0:00.020") && page.contains("0:00.600"), "their times");
    assertTrue(page.contains("<th>Rule and chance</th>"), "the connections as a table");
    assertTrue(page.contains("web.demo.svc.cluster.local"), "the name looked up");
    assertTrue(page.contains("refused"), "an outcome");
    assertTrue(page.contains("KUBE-SEP-"), "the rule chosen");
    assertTrue(page.contains("● "), "the evidence marks");

    List<String> pictures = pictures(page);
    assertEquals(2, pictures.size(), "a picture per bookmark, inline");
    for (String b64 : pictures) {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(b64)));
      assertEquals(1280, img.getWidth());
      assertTrue(colours(img) > 20, "a picture, not a blank: " + colours(img) + " colours");
    }

    Path probe = dir.resolve("probe.html");
    Files.writeString(probe, page.replace("</body>", "<script>addEventListener('load',()=>"
        + "document.body.dataset.images=[...document.images].map(i=>i.complete+':'"
        + "+i.naturalWidth+'x'+i.naturalHeight).join(' '))</script></body>"),
        StandardCharsets.UTF_8);
    String dom = Chromium.dumpDom(probe, dir.resolve("profile"));
    Matcher m = Pattern.compile("data-images=\"([^\"]*)\"").matcher(dom);
    assertTrue(m.find(), "the page loaded in Chromium:\n" + dom.substring(0,
        Math.min(500, dom.length())));
    assertEquals("true:1280x800 true:1280x800", m.group(1), "every picture decoded");
    assertTrue(dom.contains("1. first lookup"), "the text is there");

    Path shots = Path.of("target", "screenshots");
    Files.createDirectories(shots);
    Files.write(shots.resolve("report-bookmark-2.png"), Base64.getDecoder().decode(pictures.get(1)));
  }

  @Test
  void aBookmarkAtAReadinessChangeShowsTheChangeAndKubeProxysLag() throws Exception {
    Path lesson = dir.resolve("readiness.sbsession");
    try (java.io.InputStream in = getClass().getResourceAsStream(
        "/dev/switchboard/assets/lessons/readiness-and-lag.sbsession")) {
      Files.copy(in, lesson);
    }
    SessionIndex index = SessionIndex.read(lesson);
    SessionIndex.Mark lag = index.marks().stream()
        .filter(m -> m.kind() == SessionIndex.Kind.LAG).findFirst().orElseThrow();
    new SessionBookmarks(index).add(lag.atNanos(), "kube-proxy follows");
    Path html = dir.resolve("lag.html");
    CliRun r = CliRun.of("export", lesson.toString(), "--report", html.toString());
    assertEquals(0, r.code(), r.err());
    String page = Files.readString(html, StandardCharsets.UTF_8);
    assertTrue(page.contains("kube-proxy lag · ") && page.contains(ReportWriter.esc(lag.text())),
        "the lag, in the words of the timeline: " + lag.text());
    assertTrue(page.contains("endpoints"), "the endpoint change it followed");
  }

  @Test
  void markdownKeepsItsPicturesBesideIt() throws Exception {
    bookmark(300, "midway");
    Path md = dir.resolve("notes.md");
    CliRun r = CliRun.of("export", session.toString(), "--report", md.toString());
    assertEquals(0, r.code(), r.err());
    String text = Files.readString(md, StandardCharsets.UTF_8);
    assertTrue(text.startsWith("# Walkthrough: incident.sbsession"), text);
    assertTrue(text.contains("## 1. midway"), text);
    assertTrue(text.contains("![the cluster at 0:00.300](notes-pictures/bookmark-1.png)"), text);
    assertTrue(text.contains("| Started | Trace | Client |"), text);
    BufferedImage img = ImageIO.read(dir.resolve("notes-pictures/bookmark-1.png").toFile());
    assertEquals(800, img.getHeight());
  }

  @Test
  void whatCannotBeReportedIsSaidAndLeavesNothingBehind() throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    CliRun r = CliRun.of("export", session.toString(), "--report", out.resolve("a.html").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("has no bookmarks to walk through"), r.err());

    bookmark(3_600_000, "an hour after it ended");
    r = CliRun.of("export", session.toString(), "--report", out.resolve("a.md").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("the bookmark \"an hour after it ended\"")
        && r.err().contains("is outside the session"), r.err());
    r = CliRun.of("export", session.toString(), "--report", out.resolve("a.pdf").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("as .html or .md"), r.err());
    r = CliRun.of("export", session.toString(), "--report", dir.resolve("nowhere/a.html")
        .toString());
    assertEquals(1, r.code());
    assertEquals(0, Files.list(out).count(), "nothing left behind");
  }

  private static List<String> pictures(String page) {
    Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(page);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static int colours(BufferedImage img) {
    Set<Integer> seen = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        seen.add(img.getRGB(x, y));
      }
    }
    return seen.size();
  }
}
