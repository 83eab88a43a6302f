package dev.vernier.worker.runtime;

import java.util.List;

/**
 * A training program an administrator allows jobs to run, by name: the executable and fixed
 * arguments. Jobs name it; they cannot change what runs.
 */
public record RegisteredCommand(String name, String executable, List<String> arguments) {
  public RegisteredCommand {
    arguments = List.copyOf(arguments);
  }

  /** Parses {@code name=/path/to/exe arg1 arg2} (the form of {@code --command} and config). */
  public static RegisteredCommand parse(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0 || eq == text.length() - 1) {
      throw new dev.vernier.core.InvalidInputException(
          "--command", "must be written name=/path/to/executable [fixed arguments]", text);
    }
    String[] parts = text.substring(eq + 1).trim().split("\\s+");
    return new RegisteredCommand(
        text.substring(0, eq).trim(), parts[0], List.of(parts).subList(1, parts.length));
  }
}
