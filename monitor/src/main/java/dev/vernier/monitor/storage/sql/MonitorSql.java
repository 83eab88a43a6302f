package dev.vernier.monitor.storage.sql;

import static dev.vernier.monitor.storage.generated.Tables.MONITOR;

import java.util.concurrent.locks.ReentrantLock;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.TransactionalCallable;
import org.jooq.TransactionalRunnable;

/**
 * What the monitor's SQL repositories share: the jOOQ context, the statements rendered once for the
 * dialect, and the write path (one writer at a time on SQLite).
 */
final class MonitorSql {
  final DSLContext dsl;
  final BatchSql batchSql;
  final WindowSql windowSql;
  final LabelJoin labels;
  // SQLite has one writer at a time; a second writer waits in SQLite's busy handler, which sleeps
  // 1, 2, 5, 10... ms between tries. Queued here instead, it starts as soon as the first commits.
  // Null on PostgreSQL, whose writers run side by side.
  private final ReentrantLock writer;
  // PostgreSQL: whether writers take the monitor's row lock (see lockMonitor)
  private final boolean rowLocks;

  MonitorSql(DSLContext dsl, SQLDialect dialect) {
    this.dsl = dsl;
    this.writer = dialect == SQLDialect.POSTGRES ? null : new ReentrantLock();
    this.rowLocks = dialect == SQLDialect.POSTGRES;
    this.batchSql = new BatchSql(dsl);
    this.windowSql = new WindowSql(dsl);
    this.labels = new LabelJoin(batchSql);
  }

  /** A write transaction, one at a time on SQLite (see {@link #writer}). */
  <T> T write(TransactionalCallable<T> body) {
    if (writer == null) {
      return dsl.transactionResult(body);
    }
    writer.lock();
    try {
      return dsl.transactionResult(body);
    } finally {
      writer.unlock();
    }
  }

  /**
   * Takes the monitor's row lock for the rest of the caller's transaction (PostgreSQL only:
   * SQLite's {@code BEGIN IMMEDIATE} already runs one writer at a time). Every transaction that
   * reads and writes a monitor's cursor, windows, chunks, positions or alerts (a batch, a closing,
   * a failed window, a late-label re-evaluation, a delete) takes it first, so two replicas'
   * transactions on one monitor run one after the other and never interleave; other monitors' run
   * side by side. Taken first and by every writer, it also fixes one lock order, so they cannot
   * deadlock.
   */
  void lockMonitor(DSLContext tx, String monitorId) {
    if (rowLocks) {
      tx.select(MONITOR.ID).from(MONITOR).where(MONITOR.ID.eq(monitorId)).forUpdate().fetch();
    }
  }

  void writeRun(TransactionalRunnable body) {
    write(
        c -> {
          body.run(c);
          return null;
        });
  }
}
