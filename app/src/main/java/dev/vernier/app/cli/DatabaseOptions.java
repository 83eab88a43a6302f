package dev.vernier.app.cli;

import dev.vernier.core.InvalidInputException;
import dev.vernier.platform.db.DatabaseConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of every command that opens the state database ({@code serve}, {@code token ...}):
 * {@code --database URL} (default: the SQLite file {@code vernier.db} in {@code --data}), {@code
 * --database-user}, and the password from {@code --database-password-file} or {@value
 * #PASSWORD_ENV}, never from the command line.
 */
public final class DatabaseOptions {
  /** The environment variable holding the PostgreSQL password. */
  public static final String PASSWORD_ENV = "VERNIER_DATABASE_PASSWORD";

  @Option(
      names = "--database",
      paramLabel = "URL",
      description =
          "The state database: jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DATABASE"
              + " (default: vernier.db in --data). Never put the password in it.")
  String url;

  @Option(names = "--database-user", paramLabel = "USER", description = "The PostgreSQL user.")
  String user;

  @Option(
      names = "--database-password-file",
      paramLabel = "FILE",
      description =
          "A file holding the PostgreSQL password (one line); without it the password is read"
              + " from $"
              + PASSWORD_ENV
              + ".")
  Path passwordFile;

  /**
   * The database that {@code data} and these options name, the password from the process's
   * environment.
   */
  public DatabaseConfig config(Path data) {
    return config(data, System.getenv());
  }

  /**
   * The database these options name: {@code --database}, else {@code data}/vernier.db; the password
   * from {@code --database-password-file}, else {@value #PASSWORD_ENV} in {@code env}.
   *
   * @throws InvalidInputException a bad URL (naming {@code --database}, its password redacted), a
   *     user or password file given with SQLite, an unreadable or empty password file
   */
  DatabaseConfig config(Path data, Map<String, String> env) {
    if (url == null || url.startsWith("jdbc:sqlite:")) {
      if (user != null) {
        throw new InvalidInputException(
            "--database-user", "applies to a jdbc:postgresql:// --database only", user);
      }
      if (passwordFile != null) {
        throw new InvalidInputException(
            "--database-password-file",
            "applies to a jdbc:postgresql:// --database only",
            passwordFile.toString());
      }
      if (url == null) {
        return DatabaseConfig.sqlite(data.resolve("vernier.db"));
      }
    }
    return DatabaseConfig.parse("--database", url, user, password(env));
  }

  private String password(Map<String, String> env) {
    if (passwordFile == null) {
      String p = env.get(PASSWORD_ENV);
      return p == null || p.isEmpty() ? null : p;
    }
    String p;
    try {
      p = Files.readString(passwordFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(
          "--database-password-file", "must be a readable file", passwordFile.toString(), e);
    }
    // the line end an editor or `echo` leaves is not part of the password
    p = p.replaceAll("[\\r\\n]+$", "");
    if (p.isEmpty()) {
      throw new InvalidInputException(
          "--database-password-file",
          "must hold the password (it is empty)",
          passwordFile.toString());
    }
    return p;
  }
}
