package dev.switchboard.app.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * A session's bookmarks, kept in its file: each change is appended as a block of its own after
 * the last good one, so the recording itself is never rewritten and a cut append loses only
 * that change. FX thread (appends are a few hundred bytes).
 */
public final class SessionBookmarks {
  private final SessionIndex index;
  private final List<SessionRecord.Bookmark> marks;
  private SessionReader.Extent extent;

  public SessionBookmarks(SessionIndex index) {
    this.index = index;
    this.marks = new ArrayList<>(index.bookmarks());
    this.extent = index.extent();
  }

  /** By time. */
  public List<SessionRecord.Bookmark> all() {
    return List.copyOf(marks);
  }

  /**
   * Adds a note at {@code nanos} and writes it to the file.
   *
   * @throws IOException when the file cannot be written: the bookmark is kept for this window
   */
  public SessionRecord.Bookmark add(long nanos, String note) throws IOException {
    SessionRecord.Bookmark b = new SessionRecord.Bookmark(nanos,
        UUID.randomUUID().toString().substring(0, 8), note, false);
    marks.add(b);
    marks.sort(Comparator.comparingLong(SessionRecord.Bookmark::timestampNanos));
    append(b);
    return b;
  }

  /** Removes one, in the file too. */
  public void remove(SessionRecord.Bookmark b) throws IOException {
    marks.remove(b);
    append(new SessionRecord.Bookmark(b.timestampNanos(), b.id(), b.note(), true));
  }

  private void append(SessionRecord.Bookmark b) throws IOException {
    if (index.damage() != null) {
      throw new IOException("the session is damaged (" + index.damage() + "): bookmarks are kept"
          + " in this window only, so the damaged part stays as it is");
    }
    if (extent == null || extent.validBytes() <= 0) {
      throw new IOException("the session was not read to a point where it can be added to");
    }
    try (SessionWriter w = SessionWriter.append(index.path(), extent)) {
      w.write(b);
      w.flush();
      extent = new SessionReader.Extent(w.blocks(), w.bytes());
    }
  }
}
