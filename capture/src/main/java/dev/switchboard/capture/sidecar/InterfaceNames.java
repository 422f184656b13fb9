package dev.switchboard.capture.sidecar;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * Interface index → name from /sys/class/net, re-read (at most once a second) when an unknown
 * index shows up: pods come and go, and so do their veths. Any thread.
 */
final class InterfaceNames implements IntFunction<String> {
  private static final Path SYS = Path.of("/sys/class/net");
  private final Map<Integer, String> names = new ConcurrentHashMap<>();
  private volatile long readAtMillis;

  InterfaceNames() {
    refresh();
  }

  @Override
  public String apply(int index) {
    String n = names.get(index);
    if (n == null && System.currentTimeMillis() - readAtMillis > 1000) {
      refresh();
      n = names.get(index);
    }
    return n != null ? n : "if" + index;
  }

  private synchronized void refresh() {
    readAtMillis = System.currentTimeMillis();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(SYS)) {
      for (Path d : dirs) {
        try {
          names.put(Integer.parseInt(Files.readString(d.resolve("ifindex")).strip()),
              d.getFileName().toString());
        } catch (IOException | NumberFormatException e) {
          // an interface that vanished while we read it
        }
      }
    } catch (IOException e) {
      // no sysfs: indexes stay numbers
    }
  }

  /** Every interface of this network namespace, by name. */
  List<String> all() {
    refresh();
    return new ArrayList<>(new TreeMap<>(invert()).keySet());
  }

  private Map<String, Integer> invert() {
    Map<String, Integer> m = new TreeMap<>();
    names.forEach((i, n) -> m.put(n, i));
    return m;
  }
}
