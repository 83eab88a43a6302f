package dev.vernier.app.cli;

import dev.vernier.app.server.ServerSettings;
import dev.vernier.core.InvalidInputException;
import dev.vernier.platform.db.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The state options of {@code vernier serve}: the state database ({@link DatabaseOptions}, {@code
 * --sqlite-sync}), the artifacts folder, and this replica's id among those sharing them.
 */
final class StateOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Mixin DatabaseOptions database;

  @Option(
      names = "--sqlite-sync",
      defaultValue = "normal",
      description =
          "normal: a killed process loses nothing committed, a power loss may lose the last"
              + " transactions; full: every commit is synced to disk (fewer writes a second)"
              + " (default: ${DEFAULT-VALUE}).")
  String sqliteSync;

  @Option(
      names = "--artifacts",
      paramLabel = "DIR",
      description =
          "Where uploaded model files, models and retraining datasets live; replicas on one"
              + " database share one folder on a shared file system (default: artifacts in --data).")
  Path artifacts;

  @Option(
      names = "--replica-id",
      paramLabel = "NAME",
      description =
          "This replica's id among the replicas on one database: 1-128 letters, digits, dots,"
              + " underscores, colons or dashes; it holds its jobs' scheduling leases under it"
              + " (default: <hostname>-<pid>).")
  String replicaId;

  /** Whether {@code --sqlite-sync} asks for synchronous=FULL. */
  boolean fullSync() {
    return fullSync(sqliteSync);
  }

  /** Whether {@code value}, given to {@code --sqlite-sync}, asks for synchronous=FULL. */
  static boolean fullSync(String value) {
    return switch (value) {
      case "normal" -> false;
      case "full" -> true;
      default -> throw new InvalidInputException("--sqlite-sync", "must be normal or full", value);
    };
  }

  /**
   * --database (default: vernier.db in {@code data}), refusing --sqlite-sync given with a
   * PostgreSQL one (it would do nothing there).
   */
  DatabaseConfig databaseConfig(Path data) {
    DatabaseConfig d = database.config(data);
    if (!d.isSqlite()
        && mixee != null
        && mixee.commandLine().getParseResult() != null
        && mixee.commandLine().getParseResult().hasMatchedOption("--sqlite-sync")) {
      throw new InvalidInputException(
          "--sqlite-sync",
          "applies to a SQLite --database only (PostgreSQL's durability is the server's"
              + " synchronous_commit setting); leave it out with "
              + d.redactedUrl(),
          sqliteSync);
    }
    return d;
  }

  /**
   * {@code data} (serve's {@code --data}), created if missing and proven writable, as {@link
   * #artifactsDir()} checks {@code --artifacts}: a file, or a folder this user cannot write, is one
   * line naming {@code --data} instead of the exception of the first write.
   */
  static Path stateDir(Path data) {
    if (Files.exists(data) && !Files.isDirectory(data)) {
      throw new InvalidInputException(
          "--data", "must be a folder (it is created when missing), not a file", data.toString());
    }
    try {
      Path d = Files.createDirectories(data);
      Files.delete(Files.createTempFile(d, ".write-check-", ".tmp"));
      return d;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      throw new InvalidInputException(
          "--data",
          "must be a folder this user can create and write ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + ")",
          data.toString());
    }
  }

  /**
   * {@code --artifacts}, created if missing and proven writable (a file is made and removed); null
   * (artifacts in --data) when not given.
   */
  Path artifactsDir() {
    if (artifacts == null) {
      return null;
    }
    try {
      Path d = Files.createDirectories(artifacts);
      Files.delete(Files.createTempFile(d, ".write-check-", ".tmp"));
      return d;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      throw new InvalidInputException(
          "--artifacts",
          "must be a directory this process can create and write (" + e + ")",
          artifacts.toString());
    }
  }

  /** {@code --replica-id}, checked; null (the default, {@code <hostname>-<pid>}) when not given. */
  String replicaId() {
    if (replicaId != null && !ServerSettings.REPLICA_ID.matcher(replicaId).matches()) {
      throw new InvalidInputException(
          "--replica-id",
          "must be 1-128 letters, digits, dots, underscores, colons or dashes",
          replicaId);
    }
    return replicaId;
  }
}
