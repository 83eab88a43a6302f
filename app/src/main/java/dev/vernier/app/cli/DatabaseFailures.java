package dev.vernier.app.cli;

import dev.vernier.core.InvalidInputException;
import dev.vernier.platform.db.ConnectFailure;
import dev.vernier.platform.db.Database;
import dev.vernier.platform.db.DatabaseConfig;
import dev.vernier.platform.error.UnavailableException;

/**
 * Turns a PostgreSQL server that cannot be used into one line for the user of {@code serve} or
 * {@code token}, naming {@code --database} (its URL redacted) and what to do; never the password.
 *
 * <p>Exit codes: a server that does not answer is the environment (exit 1, {@link
 * UnavailableException}: it may answer once started); a refused user or password, or a database the
 * server does not have, is what the command line said (exit 2, {@link InvalidInputException}): the
 * user fixes the options, retrying the same command cannot help.
 */
final class DatabaseFailures {
  private DatabaseFailures() {}

  /**
   * The exception to throw instead of {@code e}, thrown while opening or migrating {@code d}: one
   * that explains a {@link ConnectFailure}, else {@code e} itself.
   */
  static RuntimeException explain(RuntimeException e, DatabaseConfig d) {
    if (d.isSqlite()) {
      return e;
    }
    return ConnectFailure.of(e).map(f -> explain(f, e, d)).orElse(e);
  }

  private static RuntimeException explain(ConnectFailure f, Throwable e, DatabaseConfig d) {
    String said = said(e, d);
    String url = d.redactedUrl();
    return switch (f) {
      case UNREACHABLE ->
          new UnavailableException(
              "--database "
                  + url
                  + ": cannot connect to the server"
                  + said
                  + "; is PostgreSQL running at that host and port, and does it accept TCP"
                  + " connections from this machine (listen_addresses)? (a connection attempt"
                  + " is given up after "
                  + Database.POSTGRES_CONNECT_TIMEOUT.toSeconds()
                  + " s)",
              e);
      case AUTHENTICATION ->
          new InvalidInputException(
              "--database",
              "the server refused the user "
                  + (d.user() == null ? "(none given: the driver's default)" : "'" + d.user() + "'")
                  + " or its password"
                  + said
                  + "; check --database-user, and the password in --database-password-file or $"
                  + DatabaseOptions.PASSWORD_ENV
                  + (d.password() == null ? " (none was given)" : ""),
              url,
              e);
      case NO_DATABASE ->
          new InvalidInputException(
              "--database",
              "names a database the server does not have"
                  + said
                  + "; create it first (createdb NAME, or CREATE DATABASE) or correct the name",
              url,
              e);
    };
  }

  /** " (the server's message)", without the password should the driver ever echo it. */
  private static String said(Throwable e, DatabaseConfig d) {
    String m = ConnectFailure.serverMessage(e);
    if (m == null || m.isBlank()) {
      return "";
    }
    m = m.strip().replaceAll("\\s+", " ");
    if (d.password() != null && !d.password().isEmpty()) {
      m = m.replace(d.password(), "***");
    }
    return " (" + m + ")";
  }
}
