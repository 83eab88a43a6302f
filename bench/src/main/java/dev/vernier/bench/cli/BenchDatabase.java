package dev.vernier.bench.cli;

import dev.vernier.app.cli.DatabaseOptions;
import dev.vernier.platform.db.DatabaseConfig;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;

/** The state database a benchmark was given with {@code serve}'s {@link DatabaseOptions}. */
final class BenchDatabase {
  private BenchDatabase() {}

  /**
   * The database {@code --database} names, or null when it was not given (the benchmark then makes
   * fresh SQLite files of its own); the options are checked either way, as {@code serve} checks
   * them.
   *
   * @throws dev.vernier.core.InvalidInputException naming the option: a bad URL, a user or password
   *     file with SQLite, an unreadable or empty password file
   */
  static DatabaseConfig of(CommandSpec spec, DatabaseOptions options) {
    // the folder only names the default SQLite file, which is not used: null is returned then
    DatabaseConfig config = options.config(Path.of("."));
    return spec.commandLine().getParseResult().hasMatchedOption("--database") ? config : null;
  }
}
