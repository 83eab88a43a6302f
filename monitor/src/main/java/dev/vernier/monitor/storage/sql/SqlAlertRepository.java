package dev.vernier.monitor.storage.sql;

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
}
