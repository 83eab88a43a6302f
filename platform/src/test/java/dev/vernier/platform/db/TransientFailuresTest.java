package dev.vernier.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vernier.core.ErrorKind;
import dev.vernier.platform.error.UnavailableException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Which database failures are transient (503, retry) and which are not (500), by cause chain. */
class TransientFailuresTest {

  /** A PostgreSQL error as the server sends it: severity, SQLState and message. */
  private static PSQLException server(String state) {
    return new PSQLException(
        new ServerErrorMessage("SFATAL\0C" + state + "\0Mthe server said so for " + state + "\0"));
  }

  /** As jOOQ throws it: the driver's exception wrapped once more. */
  private static DataAccessException jooq(Throwable cause) {
    return new DataAccessException("SQL [insert into ...]; " + cause.getMessage(), cause);
  }

  private static void transientFailure(Throwable e, String inReason) {
    var u = TransientFailures.unavailable(jooq(e));
    assertTrue(u.isPresent(), e.toString());
    UnavailableException x = u.get();
    assertEquals(ErrorKind.TRANSIENT, x.kind());
    assertTrue(x.getMessage().startsWith("the database is busy ("), x.getMessage());
    assertTrue(x.getMessage().endsWith("; retry the request in a moment"), x.getMessage());
    assertTrue(x.getMessage().contains(inReason), x.getMessage() + " should say " + inReason);
    assertTrue(TransientFailures.reason(e).isPresent(), "also when not wrapped: " + e);
  }

  private static void notTransient(Throwable e) {
    assertFalse(TransientFailures.reason(jooq(e)).isPresent(), e.toString());
    assertFalse(TransientFailures.unavailable(e).isPresent(), e.toString());
  }

  @Test
  void postgresConnectionShutdownSerializationAndDeadlockAreTransient() {
    for (String state : new String[] {"08000", "08001", "08003", "08006", "08P01"}) {
      transientFailure(server(state), "SQLState " + state);
    }
    transientFailure(
        new PSQLException("connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT), "08001");
    transientFailure(server("57P01"), "57P01");
    transientFailure(server("57P03"), "57P03");
    transientFailure(new PSQLException("conflict", PSQLState.SERIALIZATION_FAILURE), "40001");
    transientFailure(new PSQLException("deadlock", PSQLState.DEADLOCK_DETECTED), "40P01");
    transientFailure(new SQLException("plain JDBC, same state", "40001"), "40001");
  }

  @Test
  void aPoolTimeoutIsTransient() {
    transientFailure(
        new SQLTransientConnectionException(
            "vernier-postgres - Connection is not available, request timed out after 30000ms"),
        "request timed out after 30000ms");
  }

  @Test
  void sqliteBusyAndLockedAreTransient() {
    transientFailure(
        new SQLiteException("[SQLITE_BUSY] database is locked", SQLiteErrorCode.SQLITE_BUSY),
        "SQLITE_BUSY");
    transientFailure(
        new SQLiteException("[SQLITE_BUSY_SNAPSHOT]", SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT),
        "SQLITE_BUSY_SNAPSHOT");
    transientFailure(
        new SQLiteException("[SQLITE_LOCKED]", SQLiteErrorCode.SQLITE_LOCKED), "SQLITE_LOCKED");
  }

  @Test
  void otherFailuresAreNot() {
    notTransient(
        new SQLiteException(
            "[SQLITE_CONSTRAINT_UNIQUE]", SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE));
    notTransient(new SQLiteException("[SQLITE_ERROR] no such table", SQLiteErrorCode.SQLITE_ERROR));
    notTransient(server("23505")); // unique violation
    notTransient(server("42P01")); // undefined table
    notTransient(server("57014")); // query cancelled: class 57, but not a shutdown
    notTransient(new SQLIntegrityConstraintViolationException("dup", "23000"));
    notTransient(new SQLException("no state"));
    notTransient(new IllegalStateException("not a database failure"));
  }

  @Test
  void theCauseChainIsWalkedDeepAndACycleEnds() {
    var busy = new SQLiteException("[SQLITE_BUSY]", SQLiteErrorCode.SQLITE_BUSY);
    var deep = new IllegalStateException("store", new RuntimeException("tx", jooq(busy)));
    UnavailableException u = TransientFailures.unavailable(deep).orElseThrow();
    assertSame(deep, u.getCause(), "the whole failure is kept for the log");
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertFalse(TransientFailures.reason(a).isPresent());
  }
}
