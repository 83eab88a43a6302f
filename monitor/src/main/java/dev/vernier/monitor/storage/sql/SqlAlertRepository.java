package dev.vernier.monitor.storage.sql;

import static dev.vernier.monitor.storage.generated.Tables.ALERT;
import static dev.vernier.monitor.storage.generated.Tables.MONITOR;

import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.AlertRepository;
import dev.vernier.monitor.storage.AlertRetraining;
import dev.vernier.monitor.storage.RetrainState;
import java.util.List;
import java.util.Optional;

/** {@link AlertRepository} in SQL (the rows: {@link AlertTables}). */
final class SqlAlertRepository implements AlertRepository {
  private final MonitorSql sql;
  private final AlertTables alerts;

  SqlAlertRepository(MonitorSql sql) {
    this.sql = sql;
    this.alerts = new AlertTables(sql.dsl);
  }

  @Override
  public List<AlertRecord> alerts(String monitorId, int limit) {
    return alerts.alerts(monitorId, limit);
  }

  @Override
  public Optional<AlertRecord> alert(long id) {
    return alerts.alert(id);
  }

  @Override
  public List<AlertRecord> activeRetraining() {
    return alerts.activeRetraining();
  }

  @Override
  public boolean setRetraining(long alertId, RetrainState expected, AlertRetraining next) {
    return sql.write(c -> new AlertTables(c.dsl()).setRetraining(alertId, expected, next));
  }

  /**
   * One transaction: the monitor's row lock first (as every writer of a monitor's rows takes it),
   * the alert's compare-and-set, then the cool-down given back by a conditional update on the alert
   * that holds it, so a cool-down claimed since by another alert is never undone.
   */
  @Override
  public boolean abandonRetraining(long alertId, RetrainState expected, AlertRetraining next) {
    return sql.write(
        c -> {
          var tx = c.dsl();
          String monitorId =
              tx.select(ALERT.MONITOR_ID)
                  .from(ALERT)
                  .where(ALERT.ID.eq(alertId))
                  .fetchOptional(ALERT.MONITOR_ID)
                  .orElse(null);
          if (monitorId == null) {
            return false;
          }
          sql.lockMonitor(tx, monitorId);
          if (!new AlertTables(tx).setRetraining(alertId, expected, next)) {
            return false;
          }
          var previous =
              tx.select(ALERT.ID, ALERT.CREATED_AT)
                  .from(ALERT)
                  .where(
                      ALERT.MONITOR_ID.eq(monitorId),
                      ALERT.ID.ne(alertId),
                      ALERT.RETRAIN_JOB_ID.isNotNull())
                  .orderBy(ALERT.ID.desc())
                  .limit(1)
                  .fetchOptional();
          tx.update(MONITOR)
              .set(MONITOR.LAST_RETRAIN_AT, previous.map(r -> r.value2()).orElse(null))
              .set(MONITOR.LAST_RETRAIN_ALERT_ID, previous.map(r -> r.value1()).orElse(null))
              .where(MONITOR.ID.eq(monitorId), MONITOR.LAST_RETRAIN_ALERT_ID.eq(alertId))
              .execute();
          return true;
        });
  }
}
