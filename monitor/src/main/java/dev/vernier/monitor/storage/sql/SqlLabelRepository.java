package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.LabelRepository;
import dev.vernier.monitor.storage.RaisedAlerts;
import dev.vernier.monitor.storage.WindowWrite;
import java.util.List;

/** {@link LabelRepository} in SQL (the rows: {@link LabelJoin}, {@link CapturedRows}). */
final class SqlLabelRepository implements LabelRepository {
  private final MonitorSql sql;

  SqlLabelRepository(MonitorSql sql) {
    this.sql = sql;
  }

  @Override
  public float[] windowLabels(String monitorId, long start) {
    return LabelJoin.pairs(sql.dsl, sql.windowSql, monitorId, start);
  }

  @Override
  public Captured captured(String monitorId, int cols, long fromWindow) {
    return CapturedRows.captured(sql.dsl, monitorId, cols, fromWindow);
  }

  @Override
  public long capturedRows(String monitorId, long fromWindow) {
    return CapturedRows.capturedRows(sql.dsl, monitorId, fromWindow);
  }

  @Override
  public long waitingLabels(String monitorId) {
    return LabelJoin.waitingLabels(sql.dsl, monitorId);
  }

  @Override
  public int expireWaitingLabels(String monitorId, long receivedBefore) {
    if (!LabelJoin.waitedSince(sql.dsl, monitorId, receivedBefore)) {
      return 0;
    }
    return sql.write(
        c -> {
          sql.lockMonitor(c.dsl(), monitorId);
          int expired = sql.labels.expireWaiting(c.dsl(), monitorId, receivedBefore);
          WindowRows.addCounters(
              c.dsl(),
              sql.batchSql,
              monitorId,
              java.util.Map.of(
                  "labels_unmatched", (long) expired, "labels_wait_expired", (long) expired));
          return expired;
        });
  }

  @Override
  public long awaitingLabels(String monitorId, List<Long> windowStarts) {
    return CapturedRows.awaiting(sql.dsl, monitorId, windowStarts);
  }

  @Override
  public List<Relabelled> relabelled(String monitorId) {
    return sql.labels.relabelled(sql.dsl, monitorId);
  }

  @Override
  public WindowWrite reevaluate(
      String monitorId,
      long windowStart,
      long expectedLabels,
      long labelsEvaluated,
      String resultJson,
      RaisedAlerts raised) {
    return sql.write(
        c -> {
          sql.lockMonitor(c.dsl(), monitorId);
          return sql.labels.reevaluate(
              c.dsl(), monitorId, windowStart, expectedLabels, labelsEvaluated, resultJson, raised);
        });
  }
}
