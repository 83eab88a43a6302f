package dev.vernier.monitor.storage.sql;

import static dev.vernier.monitor.storage.generated.Tables.ALERT;
import static dev.vernier.monitor.storage.generated.Tables.ALERT_DELIVERY;
import static dev.vernier.monitor.storage.generated.Tables.MONITOR;
import static dev.vernier.monitor.storage.generated.Tables.WEBHOOK;

import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.MonitorStore.Delivery;
import dev.vernier.monitor.storage.NewAlert;
import dev.vernier.monitor.storage.RaisedAlerts;
import dev.vernier.monitor.storage.generated.tables.records.AlertRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Reads and updates of alerts, their retraining and deliveries, and the webhook registry, for
 * {@link SqlMonitorStore}, and the insertion of a window's alerts inside its transaction.
 */
final class AlertTables {
  private final DSLContext dsl;

  AlertTables(DSLContext dsl) {
    this.dsl = dsl;
  }

  /**
   * Inserts a window's alerts inside the caller's transaction: each wanting retraining claims the
   * monitor's cool-down (PENDING) or finds it taken (COOLDOWN); each gets a PENDING delivery per
   * target. Returns their ids.
   */
  static List<Long> insert(DSLContext tx, String monitorId, long windowStart, RaisedAlerts raised) {
    List<Long> ids = new ArrayList<>();
    long now = raised.now();
    for (NewAlert a : raised.alerts()) {
      String retrain = "NONE";
      if (a.wantsRetraining()) {
        int claimed =
            tx.update(MONITOR)
                .set(MONITOR.LAST_RETRAIN_AT, now)
                .where(
                    MONITOR.ID.eq(monitorId),
                    MONITOR
                        .LAST_RETRAIN_AT
                        .isNull()
                        .or(MONITOR.LAST_RETRAIN_AT.le(now - raised.cooldownMillis())))
                .execute();
        retrain = claimed == 1 ? "PENDING" : "COOLDOWN";
      }
      long id =
          tx.insertInto(ALERT)
              .set(ALERT.MONITOR_ID, monitorId)
              .set(ALERT.KIND, a.kind())
              .set(ALERT.WINDOW_START, windowStart)
              .set(ALERT.CREATED_AT, now)
              .set(ALERT.SUMMARY, a.summary())
              .set(ALERT.EVIDENCE, a.evidenceJson())
              .set(ALERT.RETRAIN_STATE, retrain)
              .returning(ALERT.ID)
              .fetchSingle()
              .getId();
      for (String target : raised.deliveryTargets()) {
        tx.insertInto(ALERT_DELIVERY)
            .set(ALERT_DELIVERY.ALERT_ID, id)
            .set(ALERT_DELIVERY.TARGET, target)
            .set(ALERT_DELIVERY.STATUS, "PENDING")
            .set(ALERT_DELIVERY.ATTEMPTS, 0)
            .set(ALERT_DELIVERY.UPDATED_AT, now)
            .execute();
      }
      ids.add(id);
    }
    return ids;
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
