package dev.switchboard.app.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The options every JSON-printing command shares: where the cluster comes from, {@code --format
 * json}, {@code --timeout}, {@code --help}; plus the command's own. Main thread.
 */
final class JsonCommandArgs {
  private JsonCommandArgs() {}

  /**
   * The parsed options, or null when {@code --help} was asked for.
   *
   * @param own the command's own options that take a value
   */
  static Args parse(List<String> argv, List<String> own) throws UsageException {
    return parse(argv, own, List.of());
  }

  /** @param flags the command's own options that take no value */
  static Args parse(List<String> argv, List<String> own, List<String> flags)
      throws UsageException {
    Set<String> valued = new HashSet<>(SourceOptions.VALUE_OPTIONS);
    valued.add("--format");
    valued.add("--timeout");
    valued.addAll(own);
    Set<String> flagSet = new HashSet<>(flags);
    flagSet.add("--help");
    Args args = Args.parse(argv, valued, flagSet, SourceOptions.ALIASES);
    if (args.has("--help")) {
      return null;
    }
    if (!args.positional().isEmpty()) {
      throw new UsageException("unexpected argument " + args.positional().get(0));
    }
    if (!"json".equals(args.get("--format", "json"))) {
      throw new UsageException("--format supports json only");
    }
    return args;
  }
}
