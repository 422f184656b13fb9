package dev.switchboard.app.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of one command: {@code --name value}, {@code --name=value}, short aliases
 * and flags; anything not declared is a usage error. Any thread.
 */
public final class Args {
  private final Map<String, String> values = new HashMap<>();
  private final Map<String, List<String>> repeated = new HashMap<>();
  private final List<String> positional = new ArrayList<>();

  private Args() {}

  /**
   * @param withValue option names that take a value (long form, e.g. "--context")
   * @param flags option names that take none
   * @param aliases short form to long form, e.g. "-n" to "--namespace"
   */
  public static Args parse(List<String> argv, Set<String> withValue, Set<String> flags,
      Map<String, String> aliases) throws UsageException {
    Args a = new Args();
    for (int i = 0; i < argv.size(); i++) {
      String arg = argv.get(i);
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      arg = aliases.getOrDefault(arg, arg);
      if (flags.contains(arg)) {
        a.values.put(arg, "true");
      } else if (withValue.contains(arg)) {
        if (value == null) {
          if (i + 1 >= argv.size()) {
            throw new UsageException(arg + " needs a value");
          }
          value = argv.get(++i);
        }
        a.values.put(arg, value);
        a.repeated.computeIfAbsent(arg, k -> new ArrayList<>()).add(value);
      } else if (arg.startsWith("-")) {
        throw new UsageException("unknown option " + arg);
      } else {
        a.positional.add(arg);
      }
    }
    return a;
  }

  public String get(String name) {
    return values.get(name);
  }

  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public List<String> all(String name) {
    return repeated.getOrDefault(name, List.of());
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public List<String> positional() {
    return positional;
  }
}
