package dev.vernier.platform.db;

import dev.vernier.platform.error.UnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sqlite.SQLiteException;

/**
 * Tells a database failure that may pass (the same request may succeed if sent again) from one that
 * will not, and turns the first into an {@link UnavailableException} ({@code TRANSIENT}, 503).
 *
 * <p>Transient, found anywhere in the cause chain (jOOQ's {@code DataAccessException}, a store's
 * own wrapping):
 *
 * <ul>
 *   <li>SQLite: {@code SQLITE_BUSY} ("database is locked": another connection held the write lock
 *       past the busy timeout) and {@code SQLITE_LOCKED}, with their extended codes;
 *   <li>a pool that could not hand out a connection in time (Hikari's {@link
 *       SQLTransientConnectionException});
 *   <li>PostgreSQL's SQLStates of class {@code 08} (connection exception), {@code 57P01} (admin
 *       shutdown), {@code 57P03} (cannot connect now), {@code 40001} (serialization failure) and
 *       {@code 40P01} (deadlock detected).
 * </ul>
 *
 * <p>Everything else (constraint violations, syntax, a missing table) is not transient: retrying
 * fails the same way, and the caller keeps its own handling (a 500 for the REST layer). Stateless
 * and thread-safe.
 */
public final class TransientFailures {
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final Set<String> POSTGRES_STATES = Set.of("57P01", "57P03", "40001", "40P01");

  private TransientFailures() {}

  /**
   * Why {@code e} (or an exception in its cause chain) is a failure that may pass, in words; empty
   * when it is not one.
   */
  public static Optional<String> reason(Throwable e) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      Optional<String> r = reasonOf(t);
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty();
  }

  /** {@code e} as an {@link UnavailableException} when it may pass; empty when it is not one. */
  public static Optional<UnavailableException> unavailable(Throwable e) {
    return reason(e)
        .map(
            r ->
                new UnavailableException(
                    "the database is busy (" + r + "); retry the request in a moment", e));
  }

  private static Optional<String> reasonOf(Throwable t) {
    if (t instanceof SQLiteException s) {
      int primary = s.getResultCode().code & 0xff;
      if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        return Optional.of(
            "SQLite "
                + s.getResultCode().name()
                + ": another connection held the database's lock past the busy timeout");
      }
      return Optional.empty();
    }
    if (t instanceof SQLTransientConnectionException) {
      return Optional.of("no database connection could be had in time: " + t.getMessage());
    }
    if (t instanceof SQLException s && s.getSQLState() != null) {
      String state = s.getSQLState();
      if (state.startsWith("08")) {
        return Optional.of("the connection to the database failed, SQLState " + state);
      }
      if (POSTGRES_STATES.contains(state)) {
        return Optional.of(
            switch (state) {
              case "57P01" -> "the database server is shutting down, SQLState 57P01";
              case "57P03" -> "the database server cannot accept connections now, SQLState 57P03";
              case "40001" -> "a concurrent transaction conflicted (serialization failure 40001)";
              default -> "a concurrent transaction deadlocked with this one (40P01)";
            });
      }
    }
    return Optional.empty();
  }
}
