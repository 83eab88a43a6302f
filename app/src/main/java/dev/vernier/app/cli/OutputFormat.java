package dev.vernier.app.cli;

import dev.vernier.core.InvalidInputException;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code --output text|json}: the one flag that makes a command's output machine-readable. Mixed
 * into every command that prints data; {@code --json} is kept, hidden, for scripts written before.
 *
 * <p>{@code train}, {@code predict}, {@code tune model} and {@code monitor drift} once took {@code
 * --output FILE}; on them {@link #legacyFile} still reads a value other than text or json as that
 * file, with a deprecation line naming the new option.
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

  /** Set when --output named a file (the old spelling): the format is then text. */
  private boolean legacy;

  private boolean isFormat() {
    String kind = output.toLowerCase(Locale.ROOT);
    return kind.equals("text") || kind.equals("json");
  }

  /**
   * For a command whose {@code --output} once named a file: that file when {@code --output} is
   * neither text nor json, after one deprecation line on standard error naming {@code newOption};
   * else {@code given}, the value of the new option. Both at once is bad input.
   */
  <T> T legacyFile(
      CommandSpec spec, String newOption, T given, java.util.function.Function<String, T> parse) {
    String label = spec.findOption(newOption).paramLabel();
    if (isFormat()) {
      return given;
    }
    if (given != null) {
      throw new InvalidInputException(
          "--output", "must be text or json when " + newOption + " is given", output);
    }
    legacy = true;
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "warning: --output "
            + label
            + " is deprecated here; use "
            + newOption
            + " "
            + label
            + " (--output now takes text or json)");
    err.flush();
    return parse.apply(output);
  }

  /** Whether to print JSON; anything but text or json is bad input naming --output. */
  boolean json() {
    if (legacy) {
      return jsonAlias;
    }
    if (!isFormat()) {
      throw new InvalidInputException("--output", "must be text or json", output);
    }
    return jsonAlias || output.toLowerCase(Locale.ROOT).equals("json");
  }
}
