package dev.switchboard.capture.kubeproxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a node command and returns its output, or null when it is missing, fails or hangs. */
@FunctionalInterface
public interface CommandRunner {
  String run(List<String> command);

  /** The real one: a process with a 5 s limit. Any thread. */
  CommandRunner SYSTEM = command -> {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(false)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 ? new String(out, StandardCharsets.UTF_8) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  };

  /**
   * Answers every command with one saved output (iptables-save, nft list table, ipvsadm -Ln), so
   * that {@link NodeRules#read} recognises it as it would on the node: for replaying a capture
   * together with the rules its node had.
   */
  static CommandRunner saved(String output) {
    return command -> output;
  }
}
