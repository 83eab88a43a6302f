package dev.vernier.monitor.storage.sql;

import dev.vernier.monitor.storage.DeliveryRepository;
import dev.vernier.monitor.storage.DeliveryStatus;
import dev.vernier.monitor.storage.Webhook;
import java.util.List;

/** {@link DeliveryRepository} in SQL (the rows: {@link AlertTables}). */
final class SqlDeliveryRepository implements DeliveryRepository {
  private final AlertTables tables;

  SqlDeliveryRepository(MonitorSql sql) {
    this.tables = new AlertTables(sql.dsl);
  }

  @Override
  public List<Webhook> webhooks() {
    return tables.webhooks();
  }

  @Override
  public Webhook addWebhook(Webhook w) {
    return tables.addWebhook(w);
  }

  @Override
  public boolean removeWebhook(String url) {
    return tables.removeWebhook(url);
  }

  @Override
  public void recordDelivery(
      long alertId, String target, DeliveryStatus status, int attempts, String error, long now) {
    tables.recordDelivery(alertId, target, status, attempts, error, now);
  }

  @Override
  public boolean claimAttempt(
      long alertId,
      String target,
      int seenAttempts,
      long now,
      long dueBefore,
      long inFlightBefore) {
    return tables.claimAttempt(alertId, target, seenAttempts, now, dueBefore, inFlightBefore);
  }

  @Override
  public List<Delivery> pendingDeliveries() {
    return tables.pendingDeliveries();
  }

  @Override
  public List<DeliveryRecord> deliveries(List<Long> alertIds) {
    return tables.deliveries(alertIds);
  }
}
