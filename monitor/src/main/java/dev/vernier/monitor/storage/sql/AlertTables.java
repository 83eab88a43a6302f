package dev.vernier.monitor.storage.sql;

import static dev.vernier.monitor.storage.generated.Tables.ALERT;
import static dev.vernier.monitor.storage.generated.Tables.ALERT_DELIVERY;
import static dev.vernier.monitor.storage.generated.Tables.MONITOR;
import static dev.vernier.monitor.storage.generated.Tables.WEBHOOK;

import dev.vernier.monitor.alert.RetrainGate;
import dev.vernier.monitor.storage.AlertRecord;
import dev.vernier.monitor.storage.AlertRetraining;
import dev.vernier.monitor.storage.DeliveryRepository;
import dev.vernier.monitor.storage.DeliveryRepository.Delivery;
import dev.vernier.monitor.storage.DeliveryStatus;
import dev.vernier.monitor.storage.NewAlert;
import dev.vernier.monitor.storage.RaisedAlerts;
import dev.vernier.monitor.storage.RetrainState;
import dev.vernier.monitor.storage.Webhook;
import dev.vernier.monitor.storage.generated.tables.Alert;
import dev.vernier.monitor.storage.generated.tables.records.AlertRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectOnConditionStep;

/**
 * Reads and updates of alerts, their retraining and deliveries, and the webhook registry, for
 * {@link SqlAlertRepository} and {@link SqlDeliveryRepository}, and the insertion of a window's
 * alerts inside its transaction.
 */
final class AlertTables {
  private final DSLContext dsl;

  AlertTables(DSLContext dsl) {
    this.dsl = dsl;
  }

  /**
   * Inserts a window's alerts inside the caller's transaction: each wanting retraining claims the
   * monitor's cool-down (PENDING) or finds it taken (COOLDOWN, with the cool-down's end and the
   * alert that claimed it), as {@link RetrainGate} decides; each gets a PENDING delivery per
   * target. Returns their ids.
   *
   * <p>The claim stays in SQL, where it is atomic: one conditional update of the monitor's last
   * retraining, whose condition is {@link RetrainGate#claimableUpTo}, so two closing threads or
   * processes cannot both claim one cool-down.
   */
  static List<Long> insert(DSLContext tx, String monitorId, long windowStart, RaisedAlerts raised) {
    List<Long> ids = new ArrayList<>();
    long now = raised.now();
    RetrainGate gate = RetrainGate.ofMillis(raised.cooldownMillis());
    for (NewAlert a : raised.alerts()) {
      RetrainGate.Claim claim = RetrainGate.NONE;
      if (a.wantsRetraining()) {
        boolean claimed =
            tx.update(MONITOR)
                    .set(MONITOR.LAST_RETRAIN_AT, now)
                    .where(
                        MONITOR.ID.eq(monitorId),
                        MONITOR
                            .LAST_RETRAIN_AT
                            .isNull()
                            .or(MONITOR.LAST_RETRAIN_AT.le(gate.claimableUpTo(now))))
                    .execute()
                == 1;
        if (claimed) {
          claim = gate.claimed();
        } else {
          var holder =
              tx.select(MONITOR.LAST_RETRAIN_AT, MONITOR.LAST_RETRAIN_ALERT_ID)
                  .from(MONITOR)
                  .where(MONITOR.ID.eq(monitorId))
                  .fetchOne();
          claim =
              holder == null
                  ? gate.skipped(null, null)
                  : gate.skipped(holder.value1(), holder.value2());
        }
      }
      RetrainState retrain = claim.state();
      long id =
          tx.insertInto(ALERT)
              .set(ALERT.MONITOR_ID, monitorId)
              .set(ALERT.KIND, a.kind())
              .set(ALERT.WINDOW_START, windowStart)
              .set(ALERT.CREATED_AT, now)
              .set(ALERT.SUMMARY, a.summary())
              .set(ALERT.EVIDENCE, a.evidenceJson())
              .set(ALERT.RETRAIN_STATE, retrain.name())
              .set(ALERT.COOLDOWN_UNTIL, claim.cooldownUntil())
              .set(ALERT.COOLDOWN_ALERT_ID, claim.cooldownAlertId())
              .returning(ALERT.ID)
              .fetchSingle()
              .getId();
      if (retrain == RetrainState.PENDING) {
        tx.update(MONITOR)
            .set(MONITOR.LAST_RETRAIN_ALERT_ID, id)
            .where(MONITOR.ID.eq(monitorId))
            .execute();
      }
      for (String target : raised.deliveryTargets()) {
        tx.insertInto(ALERT_DELIVERY)
            .set(ALERT_DELIVERY.ALERT_ID, id)
            .set(ALERT_DELIVERY.TARGET, target)
            .set(ALERT_DELIVERY.STATUS, DeliveryStatus.PENDING.name())
            .set(ALERT_DELIVERY.ATTEMPTS, 0)
            .set(ALERT_DELIVERY.UPDATED_AT, now)
            .execute();
      }
      ids.add(id);
    }
    return ids;
  }

  /** Alerts with the job of the alert holding their cool-down (a self-join). */
  private SelectOnConditionStep<Record> select() {
    return dsl.select(ALERT.fields())
        .select(COOLDOWN_CAUSE.RETRAIN_JOB_ID)
        .from(ALERT)
        .leftJoin(COOLDOWN_CAUSE)
        .on(COOLDOWN_CAUSE.ID.eq(ALERT.COOLDOWN_ALERT_ID));
  }

  private static final Alert COOLDOWN_CAUSE = ALERT.as("cooldown_cause");

  List<AlertRecord> alerts(String monitorId, int limit) {
    return select()
        .where(ALERT.MONITOR_ID.eq(monitorId))
        .orderBy(ALERT.ID.desc())
        .limit(limit)
        .fetch(AlertTables::alert);
  }

  Optional<AlertRecord> alert(long id) {
    return select().where(ALERT.ID.eq(id)).fetchOptional().map(AlertTables::alert);
  }

  private static AlertRecord alert(Record rec) {
    AlertRow r = rec.into(ALERT);
    return new AlertRecord(
        r.getId(),
        r.getMonitorId(),
        r.getKind(),
        r.getWindowStart(),
        r.getCreatedAt(),
        r.getSummary(),
        r.getEvidence(),
        new AlertRetraining(
            RetrainState.valueOf(r.getRetrainState()),
            r.getRetrainJobId(),
            r.getRetrainError(),
            windows(r.getRetrainWindows()),
            r.getRetrainRows(),
            r.getRetrainWaitUntil(),
            r.getRetrainDetail(),
            r.getCooldownUntil(),
            r.getCooldownAlertId(),
            rec.get(COOLDOWN_CAUSE.RETRAIN_JOB_ID)));
  }

  private static List<Long> windows(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    List<Long> out = new ArrayList<>();
    for (String w : text.split(",")) {
      out.add(Long.parseLong(w));
    }
    return out;
  }

  List<AlertRecord> activeRetraining() {
    List<String> active = new ArrayList<>();
    for (RetrainState s : RetrainState.values()) {
      if (s.active()) {
        active.add(s.name());
      }
    }
    return select()
        .where(ALERT.RETRAIN_STATE.in(active))
        .orderBy(ALERT.ID)
        .fetch(AlertTables::alert);
  }

  boolean setRetraining(long alertId, RetrainState expected, AlertRetraining next) {
    return dsl.update(ALERT)
            .set(ALERT.RETRAIN_STATE, next.state().name())
            .set(ALERT.RETRAIN_JOB_ID, next.jobId())
            .set(ALERT.RETRAIN_ERROR, next.error())
            .set(
                ALERT.RETRAIN_WINDOWS,
                next.windows().isEmpty()
                    ? null
                    : next.windows().stream()
                        .map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(",")))
            .set(ALERT.RETRAIN_ROWS, next.rows())
            .set(ALERT.RETRAIN_WAIT_UNTIL, next.waitUntil())
            .set(ALERT.RETRAIN_DETAIL, next.detail())
            .where(ALERT.ID.eq(alertId), ALERT.RETRAIN_STATE.eq(expected.name()))
            .execute()
        == 1;
  }

  List<Webhook> webhooks() {
    return dsl.selectFrom(WEBHOOK)
        .orderBy(WEBHOOK.CREATED_AT, WEBHOOK.ID)
        .fetch(
            r ->
                new Webhook(
                    r.getId(),
                    r.getUrl(),
                    r.getSecret(),
                    Boolean.TRUE.equals(r.getAllowPrivate()),
                    r.getCreatedAt()));
  }

  Webhook addWebhook(Webhook w) {
    dsl.insertInto(WEBHOOK)
        .set(WEBHOOK.ID, w.id())
        .set(WEBHOOK.URL, w.url())
        .set(WEBHOOK.SECRET, w.secret())
        .set(WEBHOOK.ALLOW_PRIVATE, w.allowPrivate())
        .set(WEBHOOK.CREATED_AT, w.createdAt())
        .onConflict(WEBHOOK.URL)
        .doUpdate()
        .set(WEBHOOK.SECRET, w.secret())
        .set(WEBHOOK.ALLOW_PRIVATE, w.allowPrivate())
        .execute();
    return webhooks().stream().filter(x -> x.url().equals(w.url())).findFirst().orElseThrow();
  }

  boolean removeWebhook(String url) {
    return dsl.deleteFrom(WEBHOOK).where(WEBHOOK.URL.eq(url)).execute() == 1;
  }

  void recordDelivery(
      long alertId, String target, DeliveryStatus status, int attempts, String error, long now) {
    dsl.update(ALERT_DELIVERY)
        .set(ALERT_DELIVERY.STATUS, status.name())
        .set(ALERT_DELIVERY.ATTEMPTS, attempts)
        .set(ALERT_DELIVERY.LAST_ERROR, error)
        .set(ALERT_DELIVERY.UPDATED_AT, now)
        .where(ALERT_DELIVERY.ALERT_ID.eq(alertId), ALERT_DELIVERY.TARGET.eq(target))
        .execute();
  }

  boolean claimAttempt(
      long alertId,
      String target,
      int seenAttempts,
      long now,
      long dueBefore,
      long inFlightBefore) {
    return dsl.update(ALERT_DELIVERY)
            .set(ALERT_DELIVERY.ATTEMPTS, seenAttempts + 1)
            .set(ALERT_DELIVERY.UPDATED_AT, now)
            .set(ALERT_DELIVERY.LAST_ERROR, DeliveryRepository.IN_FLIGHT)
            .where(
                ALERT_DELIVERY.ALERT_ID.eq(alertId),
                ALERT_DELIVERY.TARGET.eq(target),
                ALERT_DELIVERY.STATUS.eq(DeliveryStatus.PENDING.name()),
                ALERT_DELIVERY.ATTEMPTS.eq(seenAttempts),
                ALERT_DELIVERY.UPDATED_AT.le(dueBefore),
                ALERT_DELIVERY
                    .LAST_ERROR
                    .isNull()
                    .or(ALERT_DELIVERY.LAST_ERROR.ne(DeliveryRepository.IN_FLIGHT))
                    .or(ALERT_DELIVERY.UPDATED_AT.le(inFlightBefore)))
            .execute()
        == 1;
  }

  List<Delivery> pendingDeliveries() {
    return dsl.selectFrom(ALERT_DELIVERY)
        .where(ALERT_DELIVERY.STATUS.eq(DeliveryStatus.PENDING.name()))
        .orderBy(ALERT_DELIVERY.ALERT_ID)
        .fetch(
            r ->
                new Delivery(
                    r.getAlertId(),
                    r.getTarget(),
                    DeliveryStatus.valueOf(r.getStatus()),
                    r.getAttempts()));
  }

  List<DeliveryRepository.DeliveryRecord> deliveries(List<Long> alertIds) {
    if (alertIds.isEmpty()) {
      return List.of();
    }
    return dsl.selectFrom(ALERT_DELIVERY)
        .where(ALERT_DELIVERY.ALERT_ID.in(alertIds))
        .orderBy(ALERT_DELIVERY.ALERT_ID, ALERT_DELIVERY.TARGET)
        .fetch(
            r ->
                new DeliveryRepository.DeliveryRecord(
                    r.getAlertId(),
                    r.getTarget(),
                    DeliveryStatus.valueOf(r.getStatus()),
                    r.getAttempts(),
                    r.getLastError(),
                    r.getUpdatedAt()));
  }
}
