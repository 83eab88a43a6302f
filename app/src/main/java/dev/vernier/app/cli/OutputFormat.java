package dev.vernier.app.cli;

import dev.vernier.core.InvalidInputException;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --output text|json}: the one flag that makes a command's output machine-readable. Mixed
 * into every command that prints data; {@code --json} is kept, hidden, for scripts written before.
 */
final class OutputFormat {
  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text, or json for machine-readable output (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--json", hidden = true, description = "Same as --output json.")
  boolean jsonAlias;

  /** Whether to print JSON; anything but text or json is bad input naming --output. */
  boolean json() {
    String kind = output.toLowerCase(Locale.ROOT);
    if (!kind.equals("text") && !kind.equals("json")) {
      throw new InvalidInputException("--output", "must be text or json", output);
    }
    return jsonAlias || kind.equals("json");
  }
}
