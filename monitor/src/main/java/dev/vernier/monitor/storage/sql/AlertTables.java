package dev.vernier.monitor.storage.sql;

import static dev.vernier.monitor.storage.generated.Tables.ALERT;
import static dev.vernier.monitor.storage.generated.Tables.ALERT_DELIVERY;
import static dev.vernier.monitor.storage.generated.Tables.WEBHOOK;

import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.MonitorStore.Delivery;
import dev.vernier.monitor.storage.generated.tables.records.AlertRow;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Reads and updates of alerts, their retraining and deliveries, and the webhook registry, for
 * {@link SqlMonitorStore} (which inserts alerts with their window, in one transaction).
 */
final class AlertTables {
  private final DSLContext dsl;

  AlertTables(DSLContext dsl) {
    this.dsl = dsl;
  }

  List<AlertRecord> alerts(String monitorId, int limit) {
    return dsl.selectFrom(ALERT)
        .where(ALERT.MONITOR_ID.eq(monitorId))
        .orderBy(ALERT.ID.desc())
        .limit(limit)
        .fetch(AlertTables::alert);
  }

  Optional<AlertRecord> alert(long id) {
    return dsl.selectFrom(ALERT).where(ALERT.ID.eq(id)).fetchOptional().map(AlertTables::alert);
  }

  private static AlertRecord alert(AlertRow r) {
    return new AlertRecord(
        r.getId(),
        r.getMonitorId(),
        r.getKind(),
        r.getWindowStart(),
        r.getCreatedAt(),
        r.getSummary(),
        r.getEvidence(),
        r.getRetrainState(),
        r.getRetrainJobId(),
        r.getRetrainError());
  }

  List<AlertRecord> pendingRetraining() {
    return dsl.selectFrom(ALERT)
        .where(ALERT.RETRAIN_STATE.eq("PENDING"))
        .orderBy(ALERT.ID)
        .fetch(AlertTables::alert);
  }

  void setRetraining(long alertId, String state, String jobId, String error) {
    dsl.update(ALERT)
        .set(ALERT.RETRAIN_STATE, state)
        .set(ALERT.RETRAIN_JOB_ID, jobId)
        .set(ALERT.RETRAIN_ERROR, error)
        .where(ALERT.ID.eq(alertId))
        .execute();
  }

  List<String> webhooks() {
    return dsl.select(WEBHOOK.URL).from(WEBHOOK).orderBy(WEBHOOK.CREATED_AT).fetch(WEBHOOK.URL);
  }

  void addWebhook(String id, String url, long now) {
    dsl.insertInto(WEBHOOK)
        .set(WEBHOOK.ID, id)
        .set(WEBHOOK.URL, url)
        .set(WEBHOOK.CREATED_AT, now)
        .onConflict(WEBHOOK.URL)
        .doNothing()
        .execute();
  }

  boolean removeWebhook(String url) {
    return dsl.deleteFrom(WEBHOOK).where(WEBHOOK.URL.eq(url)).execute() == 1;
  }

  void recordDelivery(
      long alertId, String target, String status, int attempts, String error, long now) {
    dsl.update(ALERT_DELIVERY)
        .set(ALERT_DELIVERY.STATUS, status)
        .set(ALERT_DELIVERY.ATTEMPTS, attempts)
        .set(ALERT_DELIVERY.LAST_ERROR, error)
        .set(ALERT_DELIVERY.UPDATED_AT, now)
        .where(ALERT_DELIVERY.ALERT_ID.eq(alertId), ALERT_DELIVERY.TARGET.eq(target))
        .execute();
  }

  List<Delivery> pendingDeliveries() {
    return dsl.selectFrom(ALERT_DELIVERY)
        .where(ALERT_DELIVERY.STATUS.eq("PENDING"))
        .orderBy(ALERT_DELIVERY.ALERT_ID)
        .fetch(r -> new Delivery(r.getAlertId(), r.getTarget(), r.getStatus(), r.getAttempts()));
  }
}
