package dev.switchboard.layouts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterLayoutTest {
  @TempDir Path tmp;

  private static LayoutInput input(int podsPerNode, String... extraOnNode1) {
    Map<String, List<String>> pods = new HashMap<>();
    for (String node : List.of("node1", "node2")) {
      List<String> list = new ArrayList<>();
      for (int i = 0; i < podsPerNode; i++) {
        list.add("pod:demo/" + node + "-p" + i);
      }
      pods.put(node, list);
    }
    pods.get("node1").addAll(List.of(extraOnNode1));
    return new LayoutInput(List.of("node1", "node2"), pods, List.of("svc:demo/a", "svc:demo/b"));
  }

  @Test
  void sameInputSameResult() {
    LayoutResult a = new ClusterLayout(LayoutMetrics.DEFAULT).update(input(5));
    LayoutResult b = new ClusterLayout(LayoutMetrics.DEFAULT).update(input(5));
    assertEquals(a, b);
  }

  @Test
  void anEmptyFirstFrameDoesNotDecideTheColumns() {
    List<String> services = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      services.add("svc:demo/s" + (char) ('a' + i));
    }
    LayoutInput all = new LayoutInput(List.of(), Map.of(), services);
    ClusterLayout waited = new ClusterLayout(LayoutMetrics.DEFAULT);
    assertTrue(waited.update(new LayoutInput(List.of(), Map.of(), List.of())).elements().isEmpty());
    assertEquals(new ClusterLayout(LayoutMetrics.DEFAULT).update(all), waited.update(all),
        "the same picture as when everything came in the first frame");
    double firstRowY = waited.update(all).element("svc:demo/sa").y();
    assertEquals(5, services.stream().filter(k -> waited.update(all).element(k).y() == firstRowY)
        .count(), "11 Services: five columns");
  }

  @Test
  void nothingOverlaps() {
    LayoutResult r = new ClusterLayout(LayoutMetrics.DEFAULT).update(input(9));
    List<Rect> boxes = new ArrayList<>(r.elements().values());
    for (int i = 0; i < boxes.size(); i++) {
      for (int j = i + 1; j < boxes.size(); j++) {
        Rect p = boxes.get(i);
        Rect q = boxes.get(j);
        boolean apart = p.x() + p.width() <= q.x() || q.x() + q.width() <= p.x()
            || p.y() + p.height() <= q.y() || q.y() + q.height() <= p.y();
        assertTrue(apart, p + " overlaps " + q);
      }
    }
  }

  @Test
  void podsSitInsideTheirNodeRegion() {
    LayoutResult r = new ClusterLayout(LayoutMetrics.DEFAULT).update(input(7));
    Rect node2 = r.regions().get("node2");
    Rect pod = r.element("pod:demo/node2-p6");
    assertTrue(node2.contains(pod.x(), pod.y()) && node2.contains(pod.x() + pod.width(),
        pod.y() + pod.height()));
  }

  @Test
  void aNewPodMovesNobodyElse() {
    ClusterLayout layout = new ClusterLayout(LayoutMetrics.DEFAULT);
    LayoutResult before = layout.update(input(6));
    LayoutResult after = layout.update(input(6, "pod:demo/new"));
    before.elements().forEach((k, v) -> assertEquals(v, after.element(k), k + " moved"));
    assertTrue(after.elements().containsKey("pod:demo/new"));
  }

  @Test
  void aReplacementTakesTheFreedCellAndOthersStay() {
    ClusterLayout layout = new ClusterLayout(LayoutMetrics.DEFAULT);
    LayoutResult before = layout.update(input(6));
    Map<String, List<String>> pods = new HashMap<>(input(6).podsByRegion());
    List<String> node1 = new ArrayList<>(pods.get("node1"));
    node1.remove("pod:demo/node1-p2");
    pods.put("node1", node1);
    LayoutResult gone = layout.update(new LayoutInput(List.of("node1", "node2"), pods,
        List.of("svc:demo/a", "svc:demo/b")));
    node1.add("pod:demo/node1-p2-replacement");
    LayoutResult replaced = layout.update(new LayoutInput(List.of("node1", "node2"), pods,
        List.of("svc:demo/a", "svc:demo/b")));
    assertEquals(before.element("pod:demo/node1-p2"), replaced.element("pod:demo/node1-p2-replacement"));
    gone.elements().forEach((k, v) -> assertEquals(v, replaced.element(k), k + " moved"));
  }

  @Test
  void pinsWinAndSurviveSaveAndLoad() throws Exception {
    ClusterLayout layout = new ClusterLayout(LayoutMetrics.DEFAULT);
    layout.update(input(4));
    layout.pin("pod:demo/node1-p1", new Point(900, 40));
    LayoutResult pinned = layout.update(input(4));
    assertEquals(900, pinned.element("pod:demo/node1-p1").x());
    Path file = tmp.resolve("layout.json");
    LayoutFile.write(layout.save(), file);
    String text = Files.readString(file);
    assertTrue(text.contains("\"format\": \"switchboard-layout\"") && text.contains("\"version\": 1"));

    ClusterLayout reopened = new ClusterLayout(LayoutMetrics.DEFAULT);
    reopened.restore(LayoutFile.read(file));
    assertEquals(pinned, reopened.update(input(4)));
  }

  @Test
  void restoredSlotsKeepPositionsEvenWhenInputOrderDiffers() throws Exception {
    ClusterLayout layout = new ClusterLayout(LayoutMetrics.DEFAULT);
    LayoutResult first = layout.update(input(5));
    Path file = tmp.resolve("l.json");
    LayoutFile.write(layout.save(), file);
    ClusterLayout reopened = new ClusterLayout(LayoutMetrics.DEFAULT);
    reopened.restore(LayoutFile.read(file));
    Map<String, List<String>> reversed = new HashMap<>();
    input(5).podsByRegion().forEach((k, v) -> {
      List<String> r = new ArrayList<>(v);
      java.util.Collections.reverse(r);
      reversed.put(k, r);
    });
    LayoutResult again = reopened.update(new LayoutInput(List.of("node1", "node2"), reversed,
        List.of("svc:demo/b", "svc:demo/a")));
    assertEquals(first, again);
  }

  @Test
  void refusesNewerVersionsAndGarbageWithClearMessages() {
    LayoutFormatException newer = assertThrows(LayoutFormatException.class, () -> LayoutFile.parse(
        "{\"format\":\"switchboard-layout\",\"version\":7}", "x.json"));
    assertEquals("x.json has layout version 7; this Switchboard reads versions 1 to 1",
        newer.getMessage());
    LayoutFormatException garbage = assertThrows(LayoutFormatException.class,
        () -> LayoutFile.parse("{not json", "y.json"));
    assertTrue(garbage.getMessage().startsWith("y.json is not a Switchboard layout"));
    assertThrows(LayoutFormatException.class, () -> LayoutFile.parse("{\"version\":1}", "z.json"));
  }

  @Test
  void unscheduledPodsGetARegionOfTheirOwn() {
    Map<String, List<String>> pods = Map.of(LayoutInput.UNSCHEDULED, List.of("pod:demo/pending"),
        "node1", List.of("pod:demo/a"));
    LayoutResult r = new ClusterLayout(LayoutMetrics.DEFAULT).update(
        new LayoutInput(List.of("node1"), pods, List.of()));
    assertTrue(r.regions().containsKey(LayoutInput.UNSCHEDULED));
    assertNotEquals(r.regions().get("node1"), r.regions().get(LayoutInput.UNSCHEDULED));
    assertFalse(r.regions().get("node1").contains(r.element("pod:demo/pending").x(),
        r.element("pod:demo/pending").y()));
  }

  @Test
  void aServiceBandThatOutgrowsItsShapeIsWidenedOnce() {
    ClusterLayout layout = new ClusterLayout(LayoutMetrics.DEFAULT);
    List<String> services = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      services.add("svc:demo/s" + (100 + i));
    }
    LayoutResult eight = layout.update(new LayoutInput(List.of(), Map.of(), services));
    assertEquals(4, columns(eight, services), "8 Services: four columns, two rows");
    services.add("svc:demo/s108");
    LayoutResult nine = layout.update(new LayoutInput(List.of(), Map.of(), services));
    eight.elements().forEach((k, v) -> assertEquals(v, nine.element(k), k + " moved"));
    for (int i = 9; i < 40; i++) {
      services.add("svc:demo/s" + (100 + i));
    }
    LayoutResult forty = layout.update(new LayoutInput(List.of(), Map.of(), services));
    assertEquals(9, columns(forty, services), "40 Services: nine columns, not a tower of four");
    assertTrue(forty.bounds().width() > forty.bounds().height());

    List<String> few = services.subList(0, 6);
    LayoutResult six = layout.update(new LayoutInput(List.of(), Map.of(), few));
    assertEquals(4, columns(six, few), "down to 6: four columns again, not a line of nine");
    assertTrue(six.bounds().width() < forty.bounds().width());
  }

  @Test
  void aNodeFirstSeenWithAFewPodsIsWidenedWhenItFills() {
    ClusterLayout layout = new ClusterLayout(LayoutMetrics.DEFAULT);
    LayoutResult few = layout.update(input(4));
    LayoutResult full = layout.update(input(100));
    assertTrue(few.regions().get("node1").width() < full.regions().get("node1").width());
    List<String> pods = input(100).podsByRegion().get("node1");
    double top = full.element(pods.get(0)).y();
    assertEquals(8, pods.stream().filter(k -> full.element(k).y() == top).count(),
        "100 pods: eight columns, as when they come at once");
  }

  private static long columns(LayoutResult r, List<String> keys) {
    double top = r.element(keys.get(0)).y();
    return keys.stream().filter(k -> r.element(k).y() == top).count();
  }
}
