package dev.switchboard.app.ui.graph;

import dev.switchboard.app.cluster.ChangeKind;
import dev.switchboard.app.cluster.ClusterListener;
import dev.switchboard.app.cluster.ObjectKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys of changed objects, collected on the writers' threads and drained by the FX cadence in
 * bounded batches — so a relist of 150k pods becomes a few hundred cheap frames instead of one
 * frozen one, and repeated changes to one object between frames cost one update.
 */
public final class PendingChanges implements ClusterListener {
  /** A changed object: read its current state from the store when applying. */
  public record Change(ChangeKind kind, ObjectKey key) {}

  private final Set<Change> pending = ConcurrentHashMap.newKeySet();

  @Override
  public void changed(ChangeKind kind, ObjectKey key) {
    pending.add(new Change(kind, key));
  }

  /** Takes at most {@code max} changes. FX thread. */
  public List<Change> drain(int max) {
    List<Change> out = new ArrayList<>(Math.min(max, 256));
    Iterator<Change> it = pending.iterator();
    while (it.hasNext() && out.size() < max) {
      out.add(it.next());
      it.remove();
    }
    return out;
  }

  public int size() {
    return pending.size();
  }
}
