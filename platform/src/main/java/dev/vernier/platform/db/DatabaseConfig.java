package dev.vernier.platform.db;

import dev.vernier.core.InvalidInputException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which database the service's state lives in: a SQLite file (the default, one machine) or a
 * PostgreSQL server (several replicas), with the user and password to connect as.
 *
 * <p>The password is held apart from the URL and is never part of {@link #toString()} or {@link
 * #redactedUrl()}, which are what logs and messages show. A URL that carries a password itself
 * (userinfo {@code user:secret@}, a {@code password=} or {@code sslpassword=} parameter) or a user
 * ({@code user=}, which the driver would take over {@code --database-user}) is refused by {@link
 * #parse}: a password on a command line is seen by every user of the machine ({@code ps}) and kept
 * in shell histories. Immutable and thread-safe.
 *
 * @param url {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql://HOST[:PORT]/DATABASE[?...]}
 * @param user the PostgreSQL user; null for SQLite or the driver's default
 * @param password the PostgreSQL password; null for none
 * @param sqliteBusyTimeout how long a SQLite writer waits for the write lock ({@link
 *     Database#SQLITE_BUSY_TIMEOUT} unless a test shortens it); unused for PostgreSQL
 */
public record DatabaseConfig(
    String url, String user, String password, java.time.Duration sqliteBusyTimeout) {
  /** The largest pool a PostgreSQL connection gets. */
  public static final int POSTGRES_POOL = 10;

  private static final String SQLITE = "jdbc:sqlite:";
  private static final String POSTGRES = "jdbc:postgresql://";
  private static final Pattern USERINFO = Pattern.compile("(?<=://)[^/@?]*@");

  /** Any parameter holding a password: {@code password=}, {@code sslpassword=}. */
  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&;][a-z]*password=)[^&;]*");

  /** The driver's user parameter, which would override {@code --database-user} unseen. */
  private static final Pattern USER_PARAM = Pattern.compile("(?i)[?&;]user=");

  public DatabaseConfig {
    java.util.Objects.requireNonNull(sqliteBusyTimeout, "sqliteBusyTimeout");
  }

  /** {@code url} as the user, with the password, and SQLite's default busy timeout. */
  public DatabaseConfig(String url, String user, String password) {
    this(url, user, password, Database.SQLITE_BUSY_TIMEOUT);
  }

  /**
   * These settings with SQLite writers waiting up to {@code busyTimeout} for the write lock (tests
   * that hold the lock on purpose; the service keeps {@link Database#SQLITE_BUSY_TIMEOUT}).
   */
  public DatabaseConfig withSqliteBusyTimeout(java.time.Duration busyTimeout) {
    return new DatabaseConfig(url, user, password, busyTimeout);
  }

  /** The default: the SQLite file {@code file}. */
  public static DatabaseConfig sqlite(Path file) {
    return new DatabaseConfig(SQLITE + file.toAbsolutePath(), null, null);
  }

  /**
   * Checks a URL given as {@code field} (the CLI's {@code --database}) and returns its settings.
   *
   * @throws InvalidInputException naming {@code field}, the rule and the URL with any password
   *     redacted: another scheme than {@code jdbc:sqlite:} or {@code jdbc:postgresql://}, a SQLite
   *     URL with parameters or without a file, a PostgreSQL URL without a host and database, or a
   *     password in the URL
   */
  public static DatabaseConfig parse(String field, String url, String user, String password) {
    String shown = redact(url);
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith(SQLITE)) {
      String file = url.substring(SQLITE.length());
      if (file.isBlank() || file.contains("?") || file.startsWith(":")) {
        throw new InvalidInputException(
            field,
            "a SQLite URL must be jdbc:sqlite:FILE, a file without parameters (Vernier sets WAL,"
                + " the busy timeout and foreign keys itself)",
            shown);
      }
      return sqlite(Path.of(file));
    }
    if (!lower.startsWith(POSTGRES)) {
      throw new InvalidInputException(
          field, "must start with jdbc:sqlite: (a file) or jdbc:postgresql:// (a server)", shown);
    }
    if (USERINFO.matcher(url).find()
        || PASSWORD_PARAM.matcher(url).find()
        || USER_PARAM.matcher(url).find()) {
      throw new InvalidInputException(
          field,
          "must not carry a user or password; give --database-user, and the password in"
              + " VERNIER_DATABASE_PASSWORD or --database-password-file",
          shown);
    }
    String rest = url.substring(POSTGRES.length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1 || rest.charAt(slash + 1) == '?') {
      throw new InvalidInputException(
          field, "a PostgreSQL URL must be jdbc:postgresql://HOST[:PORT]/DATABASE", shown);
    }
    return new DatabaseConfig(url, user, password);
  }

  /**
   * {@code url} with a userinfo password and any password parameter ({@code password=}, {@code
   * sslpassword=}) replaced by ***.
   */
  public static String redact(String url) {
    String out = PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    java.util.regex.Matcher m = USERINFO.matcher(out);
    if (m.find()) {
      String info = m.group();
      int colon = info.indexOf(':');
      String shown = colon < 0 ? info : info.substring(0, colon) + ":***@";
      out = out.substring(0, m.start()) + shown + out.substring(m.end());
    }
    return out;
  }

  /** Whether this is a SQLite file. */
  public boolean isSqlite() {
    return url.toLowerCase(Locale.ROOT).startsWith(SQLITE);
  }

  /** The SQLite file; only for {@link #isSqlite()}. */
  public Path sqliteFile() {
    if (!isSqlite()) {
      throw new IllegalStateException("not a SQLite database: " + redactedUrl());
    }
    return Path.of(url.substring(SQLITE.length()));
  }

  /** The URL as logs and messages show it: never a password. */
  public String redactedUrl() {
    return redact(url);
  }

  /**
   * Opens the database (SQLite with {@code synchronous=FULL} when {@code fullSync}, else NORMAL;
   * PostgreSQL with a pool of {@link #POSTGRES_POOL}). Runs no migrations.
   */
  public Database open(boolean fullSync) {
    return isSqlite()
        ? Database.sqlite(sqliteFile(), fullSync, sqliteBusyTimeout)
        : Database.postgres(url, user, password, POSTGRES_POOL);
  }

  /** The redacted URL and the user; never the password. */
  @Override
  public String toString() {
    return redactedUrl() + (user == null ? "" : " as " + user);
  }
}
