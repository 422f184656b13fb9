package dev.switchboard.app.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bookmarks live in the session file: appended, read back, removed; a damaged file is left alone. */
class SessionBookmarksTest {
  @TempDir
  Path dir;

  @Test
  void aBookmarkIsAppendedToTheFileAndReadBack() throws Exception {
    Path session = TestSessions.realLabWithPodReplaced(dir);
    long size = Files.size(session);
    SessionIndex index = SessionIndex.read(session);
    SessionBookmarks marks = new SessionBookmarks(index);
    long at = index.startNanos() + 2_600_000_000L;
    SessionRecord.Bookmark b = marks.add(at, "web-2 goes, web-2b takes its IP");
    marks.add(index.startNanos() + 100, "the first lookup");
    assertTrue(Files.size(session) > size);

    SessionIndex again = SessionIndex.read(session);
    assertNull(again.damage(), "the recording and its appended blocks read whole");
    assertEquals(2, again.bookmarks().size());
    assertEquals("the first lookup", again.bookmarks().get(0).note(), "by time");
    assertEquals(at, again.bookmarks().get(1).timestampNanos());
    assertEquals(index.connections().size(), again.connections().size());

    new SessionBookmarks(again).remove(again.bookmarks().get(1));
    assertEquals(1, SessionIndex.read(session).bookmarks().size());
    assertEquals(b.id(), again.bookmarks().get(1).id());
  }

  @Test
  void aDamagedSessionKeepsItsBookmarksInTheWindowOnly() throws Exception {
    Path whole = TestSessions.realLabWithPodReplaced(dir);
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = Files.write(dir.resolve("cut.sbsession"), Arrays.copyOf(bytes, bytes.length - 9));
    long size = Files.size(cut);
    SessionBookmarks marks = new SessionBookmarks(SessionIndex.read(cut));
    String why = assertThrows(java.io.IOException.class, () -> marks.add(1, "note")).getMessage();
    assertTrue(why.startsWith("the session is damaged (the recording was cut inside block"), why);
    assertEquals(1, marks.all().size(), "kept for the window");
    assertEquals(size, Files.size(cut), "the damaged file is not touched");
  }
}
