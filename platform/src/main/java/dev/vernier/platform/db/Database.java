package dev.vernier.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The service's database: a small connection pool, its dialect and a jOOQ context. SQLite by
 * default (WAL, a busy timeout, foreign keys, {@code BEGIN IMMEDIATE} for every transaction so
 * read-then-write transactions never fail with SQLITE_BUSY under concurrency); PostgreSQL for
 * several service replicas.
 *
 * <p>Opening runs no migrations: each module applies its own with {@link #migrate} (or {@link
 * Migrations#run}) before its stores use the database. Thread-safe; {@link #close} closes the pool.
 */
public final class Database implements AutoCloseable {
  /** How long a SQLite writer waits for another connection's write lock: 30 s. */
  public static final java.time.Duration SQLITE_BUSY_TIMEOUT = java.time.Duration.ofSeconds(30);

  private final HikariDataSource pool;
  private final DSLContext dsl;
  private final SQLDialect dialect;

  private Database(HikariDataSource pool, SQLDialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
    this.dsl = jooq(pool, dialect);
  }

  /** A jOOQ context without execute and diagnostics logging and without schema names in SQL. */
  public static DSLContext jooq(DataSource ds, SQLDialect dialect) {
    return DSL.using(
        ds,
        dialect,
        new Settings()
            .withExecuteLogging(false)
            .withRenderCatalog(false)
            .withRenderSchema(false)
            .withDiagnosticsLogging(false));
  }

  /** Opens (creating) {@code file} as a SQLite database ({@code synchronous=NORMAL}). */
  public static Database sqlite(Path file) {
    return sqlite(file, false);
  }

  /**
   * Opens (creating) {@code file} as a SQLite database. With WAL and {@code synchronous=NORMAL}
   * (the default) a killed process loses nothing committed, but a power loss or an operating-system
   * crash may lose the last transactions; {@code fullSync} ({@code synchronous=FULL}) syncs every
   * commit to disk, which survives those too at a lower write rate.
   */
  public static Database sqlite(Path file, boolean fullSync) {
    return sqlite(file, fullSync, SQLITE_BUSY_TIMEOUT);
  }

  /**
   * Opens (creating) {@code file} as a SQLite database whose writers wait up to {@code busyTimeout}
   * for another connection's write lock before failing with SQLITE_BUSY (which the REST layer
   * answers 503, {@link TransientFailures}). The service uses {@link #SQLITE_BUSY_TIMEOUT}; tests
   * that hold the lock on purpose use a shorter one.
   */
  public static Database sqlite(Path file, boolean fullSync, java.time.Duration busyTimeout) {
    if (busyTimeout.isNegative()) {
      throw new IllegalArgumentException("the busy timeout must be >= 0, got " + busyTimeout);
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create the folder of " + file, e);
    }
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(
        "jdbc:sqlite:"
            + file.toAbsolutePath()
            + "?journal_mode=WAL&synchronous="
            + (fullSync ? "FULL" : "NORMAL")
            + "&busy_timeout="
            + busyTimeout.toMillis()
            + "&foreign_keys=true&transaction_mode=IMMEDIATE");
    c.setMaximumPoolSize(4);
    c.setPoolName("vernier-sqlite");
    return new Database(new HikariDataSource(c), SQLDialect.SQLITE);
  }

  /**
   * How long opening a PostgreSQL pool, or borrowing one of its connections, may wait for the
   * server (Hikari's default is 30 s): a server that does not answer ends a command in this time.
   */
  public static final java.time.Duration POSTGRES_CONNECT_TIMEOUT =
      java.time.Duration.ofSeconds(10);

  /**
   * Connects to PostgreSQL, failing within {@link #POSTGRES_CONNECT_TIMEOUT} when the server cannot
   * be used ({@link ConnectFailure#of} tells why).
   */
  public static Database postgres(String jdbcUrl, String user, String password, int poolSize) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(jdbcUrl);
    c.setConnectionTimeout(POSTGRES_CONNECT_TIMEOUT.toMillis());
    c.setUsername(user);
    c.setPassword(password);
    c.setMaximumPoolSize(poolSize);
    c.setPoolName("vernier-postgres");
    return new Database(new HikariDataSource(c), SQLDialect.POSTGRES);
  }

  /**
   * Applies one module's migrations ({@link Migrations#run}) and returns this database; when they
   * fail the pool is closed and the failure thrown, so a caller that opens and migrates in one
   * expression leaks nothing.
   */
  public Database migrate(String location, String historyTable) {
    try {
      Migrations.run(pool, dialect, location, historyTable);
      return this;
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  public DSLContext dsl() {
    return dsl;
  }

  public SQLDialect dialect() {
    return dialect;
  }

  public DataSource dataSource() {
    return pool;
  }

  @Override
  public void close() {
    pool.close();
  }
}
