package dev.switchboard.layouts;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deterministic, cluster-aware placement that is stable under churn. Services sit in a band at
 * the top; below it each cluster node is a region, left to right in input order, with its pods
 * in a grid. Every pod and Service keeps a slot (see {@link SlotTable}): a new pod fills the
 * first free cell of its node and moves nothing else; a region only grows downwards; a region's
 * column count is fixed when it first appears, until it holds twice as many rows as columns (it
 * was first seen with a few pods: then it is widened, its cards move, once). The Service band's
 * columns likewise, once it holds twice the rows it was made for, or half the columns it needs.
 * Pinned elements go where the user put them. Same inputs in the same order give the same
 * result. Not thread-safe: one owner (the FX thread).
 */
public final class ClusterLayout {
  private static final int MAX_COLUMNS = 8;
  private final LayoutMetrics m;
  private final SlotTable services = new SlotTable();
  private final Map<String, SlotTable> regionSlots = new HashMap<>();
  private final Map<String, Integer> regionColumns = new HashMap<>();
  private final Map<String, Point> pins = new LinkedHashMap<>();
  private int serviceColumns;

  public ClusterLayout(LayoutMetrics metrics) {
    this.m = metrics;
  }

  public LayoutMetrics metrics() {
    return m;
  }

  public void pin(String key, Point at) {
    pins.put(key, at);
  }

  public void unpin(String key) {
    pins.remove(key);
  }

  public Map<String, Point> pins() {
    return Map.copyOf(pins);
  }

  public void clearPins() {
    pins.clear();
  }

  public LayoutResult update(LayoutInput in) {
    if (serviceColumns == 0) {
      if (in.services().isEmpty() && in.podsByRegion().isEmpty()) {
        // Nothing to place yet: decide the columns when the first objects arrive, not before.
        return new LayoutResult(Map.of(), Map.of(), new Rect(0, 0, 0, 0));
      }
      serviceColumns = serviceColumnsFor(in.services().size());
    }
    services.update(in.services());
    int fitting = serviceColumnsFor(services.extent());
    if (rows(services.extent(), serviceColumns) > serviceColumns || fitting * 2 < serviceColumns) {
      // The band outgrew its shape (a namespace opened, many Services deployed) or shrank far
      // below it (10,000 Services collapsed into 50 namespace cards): re-shaped, once per
      // doubling or halving, rather than left a tower or a thin line.
      serviceColumns = fitting;
    }
    Map<String, Rect> elements = new HashMap<>();
    Map<String, Rect> regions = new LinkedHashMap<>();
    double serviceBand = rows(services.extent(), serviceColumns) * (m.serviceHeight() + m.gap());
    for (String svc : in.services()) {
      int slot = services.slotOf(svc);
      elements.put(svc, place(svc, m.gap() + (slot % serviceColumns) * (m.serviceWidth() + m.gap()),
          m.gap() + (slot / serviceColumns) * (m.serviceHeight() + m.gap()), m.serviceWidth(),
          m.serviceHeight()));
    }
    double top = m.gap() * 3 + serviceBand;
    double x = m.gap();
    double maxY = top;
    for (String region : regionsInOrder(in)) {
      List<String> pods = in.podsByRegion().getOrDefault(region, List.of());
      int cols = regionColumns.computeIfAbsent(region, r -> columnsFor(r, pods.size(), in));
      SlotTable slots = regionSlots.computeIfAbsent(region, r -> new SlotTable());
      slots.update(pods);
      if (rows(slots.extent(), cols) > 2 * cols && cols < MAX_COLUMNS) {
        // first seen with a few pods (a sync comes over many frames): widened like the band
        cols = Math.max(cols, columnsFor(region, slots.extent(), in));
        regionColumns.put(region, cols);
      }
      double width = 2 * m.regionPadding() + cols * m.podWidth() + (cols - 1) * m.gap();
      double height = m.regionHeader() + m.regionPadding()
          + Math.max(1, rows(slots.extent(), cols)) * (m.podHeight() + m.gap());
      regions.put(region, new Rect(x, top, width, height));
      for (String pod : pods) {
        int slot = slots.slotOf(pod);
        double px = x + m.regionPadding() + (slot % cols) * (m.podWidth() + m.gap());
        double py = top + m.regionHeader() + (slot / cols) * (m.podHeight() + m.gap());
        elements.put(pod, place(pod, px, py, m.podWidth(), m.podHeight()));
      }
      x += width + m.gap() * 2;
      maxY = Math.max(maxY, top + height);
    }
    double maxX = Math.max(x, m.gap() + serviceColumns * (m.serviceWidth() + m.gap()));
    for (Rect r : elements.values()) {
      maxX = Math.max(maxX, r.x() + r.width() + m.gap());
      maxY = Math.max(maxY, r.y() + r.height() + m.gap());
    }
    regionSlots.keySet().retainAll(regions.keySet());
    return new LayoutResult(Map.copyOf(regions), Map.copyOf(elements), new Rect(0, 0, maxX, maxY));
  }

  /** Twice as many columns as rows: cards are wider than tall, screens too. */
  private static int serviceColumnsFor(int services) {
    return Math.max(4, (int) Math.ceil(Math.sqrt(services * 2.0)));
  }

  /** Square-ish grids for real nodes (at least two columns, at most eight); one column for the
   *  side regions (unscheduled pods, bare addresses), which stay narrow. */
  private static int columnsFor(String region, int pods, LayoutInput in) {
    if (!in.regions().contains(region)) {
      return Math.max(1, Math.min(MAX_COLUMNS, (int) Math.ceil(Math.sqrt(pods / 2.0))));
    }
    return Math.max(2, Math.min(MAX_COLUMNS, (int) Math.ceil(Math.sqrt(pods))));
  }

  private static List<String> regionsInOrder(LayoutInput in) {
    List<String> order = new java.util.ArrayList<>(in.regions());
    for (String r : in.podsByRegion().keySet().stream().sorted().toList()) {
      if (!order.contains(r)) {
        order.add(r);
      }
    }
    return order;
  }

  private Rect place(String key, double x, double y, double w, double h) {
    Point pin = pins.get(key);
    return pin == null ? new Rect(x, y, w, h) : new Rect(pin.x(), pin.y(), w, h);
  }

  private static int rows(int cells, int cols) {
    return (cells + cols - 1) / cols;
  }

  /** The slot assignments, for saving. */
  public SavedLayout save() {
    Map<String, Map<String, Integer>> regionSlotsOut = new LinkedHashMap<>();
    regionSlots.forEach((r, t) -> regionSlotsOut.put(r, t.asMap()));
    return new SavedLayout(SavedLayout.CURRENT_VERSION, pins(), services.asMap(),
        Map.copyOf(regionColumns), regionSlotsOut, serviceColumns);
  }

  /** Restores slots, columns and pins saved earlier; call before the first update. */
  public void restore(SavedLayout saved) {
    pins.clear();
    pins.putAll(saved.pins());
    saved.serviceSlots().forEach(services::restore);
    regionColumns.putAll(saved.regionColumns());
    saved.regionSlots().forEach((r, slots) -> {
      SlotTable t = regionSlots.computeIfAbsent(r, k -> new SlotTable());
      slots.forEach(t::restore);
    });
    serviceColumns = saved.serviceColumns();
  }
}
