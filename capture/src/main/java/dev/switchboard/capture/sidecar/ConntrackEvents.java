package dev.switchboard.capture.sidecar;

import dev.switchboard.capture.conn.ConntrackEntry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Follows {@code conntrack -E -e NEW -p tcp -o timestamp} (needs CAP_NET_ADMIN and the conntrack
 * tool; see docs/decisions/0008-conntrack-through-the-tool.md) and queues each entry for the
 * processing thread, which owns the connection tracker. When the kernel drops events because the
 * netlink buffer was full, the tool says so on stderr ("We have hit ENOBUFS! We are losing
 * events"); those are counted, so the loss is reported, not silent. Threads: "conntrack-events"
 * and "conntrack-errors".
 */
final class ConntrackEvents implements AutoCloseable {
  private final Queue<ConntrackEntry> entries = new ConcurrentLinkedQueue<>();
  /** The netlink receive buffer asked for: a burst of connections outruns the default. */
  static final int BUFFER_BYTES = 4 << 20;

  private final Process process;
  private final java.util.concurrent.atomic.AtomicLong overflows =
      new java.util.concurrent.atomic.AtomicLong();

  private ConntrackEvents(Process process) {
    this.process = process;
    Thread t = new Thread(this::read, "conntrack-events");
    t.setDaemon(true);
    t.start();
    Thread errors = new Thread(this::readErrors, "conntrack-errors");
    errors.setDaemon(true);
    errors.start();
  }

  /** Starts the tool, or explains in one line why it cannot. */
  static ConntrackEvents start() throws IOException {
    // Into a pipe, conntrack's stdout is block-buffered: entries would arrive seconds late, after
    // their connection closed. stdbuf makes it line-buffered.
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("conntrack", "-E",
        "-e", "NEW", "-p", "tcp", "-o", "timestamp", "-b", String.valueOf(BUFFER_BYTES)));
    if (new java.io.File("/usr/bin/stdbuf").canExecute()) {
      cmd.addAll(0, java.util.List.of("/usr/bin/stdbuf", "-oL"));
    }
    Process p = new ProcessBuilder(cmd).start();
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!p.isAlive()) {
      throw new IOException("conntrack -E exited with " + p.exitValue()
          + " (it needs CAP_NET_ADMIN and the nf_conntrack_netlink module)");
    }
    return new ConntrackEvents(p);
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        ConntrackEntry e = ConntrackEntry.parse(line);
        if (e != null) {
          entries.add(e);
        }
      }
    } catch (IOException e) {
      // the tool ended: translation falls back to capture pairing alone
    }
  }

  private void readErrors() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.contains("ENOBUFS")) {
          overflows.incrementAndGet();
        }
      }
    } catch (IOException e) {
      // the tool ended
    }
  }

  Queue<ConntrackEntry> entries() {
    return entries;
  }

  /** How often the kernel dropped events since the start (each time an unknown number). */
  long overflows() {
    return overflows.get();
  }

  @Override
  public void close() {
    process.destroy();
  }
}
