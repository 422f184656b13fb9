package dev.switchboard.app.cli;

import dev.switchboard.capture.pcap.NotACaptureException;
import dev.switchboard.capture.pcap.PcapReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Capture files to replay instead of (or next to) live sidecars: {@code --pcap [NODE=]FILE}
 * (repeatable; the node defaults to the file's name without extension) and {@code --rules
 * [NODE=]FILE} with the kube-proxy rules saved on that node. Immutable; any thread.
 */
public record CaptureOptions(String node, Path capture, Path rules) {
  static final List<String> VALUE_OPTIONS = List.of("--pcap", "--rules");

  /** The options given; an IOException names a file that cannot be read. */
  public static List<CaptureOptions> from(Args args) throws UsageException, IOException {
    Map<String, Path> rules = new HashMap<>();
    List<String[]> captures = new ArrayList<>();
    for (String v : args.all("--pcap")) {
      captures.add(split(v, "--pcap"));
    }
    for (String v : args.all("--rules")) {
      String[] r = split(v, "--rules");
      rules.put(r[0], Path.of(r[1]));
    }
    List<CaptureOptions> out = new ArrayList<>();
    for (String[] c : captures) {
      Path rulesFile = rules.remove(c[0]);
      if (rulesFile == null && captures.size() == 1 && rules.size() == 1) {
        rulesFile = rules.remove(rules.keySet().iterator().next());
      }
      CaptureOptions option = new CaptureOptions(c[0], Path.of(c[1]), rulesFile);
      if (option.missing() != null) {
        throw new IOException(option.missing());
      }
      out.add(option);
    }
    if (!rules.isEmpty()) {
      throw new UsageException("--rules for " + rules.keySet() + " names no --pcap node");
    }
    return out;
  }

  /** {NODE, FILE}; the node from NODE=FILE, else the file's name without extension. */
  private static String[] split(String value, String option) throws UsageException {
    int eq = value.indexOf('=');
    String file = eq > 0 ? value.substring(eq + 1) : value;
    if (file.isEmpty() || eq == 0) {
      throw new UsageException(option + " takes [NODE=]FILE, not " + value);
    }
    String name = Path.of(file).getFileName().toString();
    int dot = name.indexOf('.');
    return new String[] {eq > 0 ? value.substring(0, eq) : dot > 0 ? name.substring(0, dot) : name,
        file};
  }

  /**
   * Why the files cannot be read, or null. Only the capture's header is read here, so a file
   * that is not a capture is named before anything starts; the rest is read on its own thread.
   */
  private String missing() {
    String problem = unreadable(capture);
    if (problem == null) {
      try (InputStream in = Files.newInputStream(capture)) {
        new PcapReader(in).close();
      } catch (NotACaptureException | IOException e) {
        problem = e.getMessage();
      }
    }
    if (problem != null) {
      return "cannot read the capture file " + capture + ": " + problem;
    }
    problem = rules == null ? null : unreadable(rules);
    return problem == null ? null : "cannot read the rules file " + rules + ": " + problem;
  }

  private static String unreadable(Path file) {
    return !Files.exists(file) ? "no such file"
        : Files.isDirectory(file) ? "it is a directory"
        : !Files.isReadable(file) ? "permission denied" : null;
  }
}
