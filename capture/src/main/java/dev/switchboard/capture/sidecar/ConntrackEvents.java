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
 * processing thread, which owns the connection tracker. Thread: "conntrack-events".
 */
final class ConntrackEvents implements AutoCloseable {
  private final Queue<ConntrackEntry> entries = new ConcurrentLinkedQueue<>();
  private final Process process;

  private ConntrackEvents(Process process) {
    this.process = process;
    Thread t = new Thread(this::read, "conntrack-events");
    t.setDaemon(true);
    t.start();
  }

  /** Starts the tool, or explains in one line why it cannot. */
  static ConntrackEvents start() throws IOException {
    // Into a pipe, conntrack's stdout is block-buffered: entries would arrive seconds late, after
    // their connection closed. stdbuf makes it line-buffered.
    java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("conntrack", "-E",
        "-e", "NEW", "-p", "tcp", "-o", "timestamp"));
    if (new java.io.File("/usr/bin/stdbuf").canExecute()) {
      cmd.addAll(0, java.util.List.of("/usr/bin/stdbuf", "-oL"));
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
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

  Queue<ConntrackEntry> entries() {
    return entries;
  }

  @Override
  public void close() {
    process.destroy();
  }
}
