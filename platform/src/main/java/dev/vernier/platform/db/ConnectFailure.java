package dev.vernier.platform.db;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Why a PostgreSQL server could not be used at all, read from the SQLState of the driver's
 * exception: what a command that opens the database tells its user instead of a stack trace.
 *
 * <p>{@link #of} walks the cause chain (Hikari wraps the driver's exception in its own), so callers
 * pass whatever {@link DatabaseConfig#open} or a migration threw. It reads no message text.
 */
public enum ConnectFailure {
  /**
   * Nothing answered at the host and port, or the connection broke or timed out (SQLState class
   * {@code 08}: 08001, 08006, ...): the environment, worth retrying once the server is up.
   */
  UNREACHABLE,
  /**
   * The server refused the user or the password (28P01, 28000), or asked for a password and none
   * was given (the driver's 08004): the credentials given are wrong.
   */
  AUTHENTICATION,
  /** The server has no database of the URL's name (3D000). */
  NO_DATABASE;

  /** The failure {@code e} or one of its causes reports, or empty for any other exception. */
  public static Optional<ConnectFailure> of(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.equals("28P01") || state.equals("28000") || state.equals("08004")) {
          return Optional.of(AUTHENTICATION);
        }
        if (state.equals("3D000")) {
          return Optional.of(NO_DATABASE);
        }
        if (state.startsWith("08")) {
          return Optional.of(UNREACHABLE);
        }
      }
    }
    return Optional.empty();
  }

  /** The first SQL exception's message in {@code e}'s chain (the server's words), or null. */
  public static String serverMessage(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getMessage();
      }
    }
    return null;
  }
}
