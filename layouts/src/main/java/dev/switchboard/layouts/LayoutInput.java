package dev.switchboard.layouts;

import java.util.List;
import java.util.Map;

/**
 * What to place: regions (cluster nodes, in display order) with the keys of the pods on each,
 * and the keys of the Services. Keys are stable identities such as "pod:demo/web-1". Pods whose
 * node is unknown go in {@link #UNSCHEDULED}. Immutable; any thread.
 */
public record LayoutInput(List<String> regions, Map<String, List<String>> podsByRegion,
    List<String> services) {

  public static final String UNSCHEDULED = "(unscheduled)";

  public LayoutInput {
    regions = List.copyOf(regions);
    podsByRegion = Map.copyOf(podsByRegion);
    services = List.copyOf(services);
  }
}
