package dev.vernier.tuner.storage.sql;

import static dev.vernier.tuner.storage.generated.Tables.LEASE;
import static dev.vernier.tuner.storage.generated.Tables.LEASE_ARTIFACT;
import static dev.vernier.tuner.storage.generated.Tables.TRIAL;
import static dev.vernier.tuner.storage.generated.Tables.TRIAL_METRIC;
import static dev.vernier.tuner.storage.generated.Tables.TUNING_JOB;
import static dev.vernier.tuner.storage.generated.Tables.WORKER;

import dev.vernier.platform.db.Database;
import dev.vernier.tuner.job.EpochMetrics;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.storage.FleetStore;
import dev.vernier.tuner.storage.generated.tables.Trial;
import dev.vernier.tuner.storage.generated.tables.records.LeaseRow;
import dev.vernier.tuner.storage.generated.tables.records.TrialRow;
import dev.vernier.tuner.storage.generated.tables.records.WorkerRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record1;
import org.jooq.SQLDialect;
import org.jooq.SelectForUpdateStep;
import org.jooq.impl.DSL;

/**
 * {@link FleetStore} on SQL through jOOQ. On PostgreSQL a lease takes its trial with {@code FOR
 * UPDATE SKIP LOCKED}, so replicas never hand out the same trial; SQLite's single writer ({@code
 * BEGIN IMMEDIATE}) serialises leases without it.
 */
public final class SqlFleetStore implements FleetStore {
  static final String ACTIVE = "ACTIVE";
  static final String REPORTED = "REPORTED";
  static final String EXPIRED = "EXPIRED";

  private final DSLContext dsl;
  private final SQLDialect dialect;
  private final int maxAttempts;

  /**
   * @param maxAttempts how many leases a trial may lose before it fails (3 is SageMaker's retry
   *     count for internal errors)
   */
  public SqlFleetStore(Database db, int maxAttempts) {
    this.dsl = db.dsl();
    this.dialect = db.dialect();
    this.maxAttempts = maxAttempts;
  }

  @Override
  public Optional<Worker> register(
      String id,
      String name,
      int slots,
      String bootId,
      String ownerToken,
      String secretSha256,
      boolean takeOver,
      long now) {
    return dsl.transactionResult(
        cfg -> {
          DSLContext tx = DSL.using(cfg);
          WorkerRow w = tx.selectFrom(WORKER).where(WORKER.ID.eq(id)).fetchOne();
          if (w == null) {
            tx.insertInto(WORKER)
                .set(WORKER.ID, id)
                .set(WORKER.NAME, name)
                .set(WORKER.SLOTS, slots)
                .set(WORKER.BOOT_ID, bootId)
                .set(WORKER.REGISTERED_AT, now)
                .set(WORKER.LAST_SEEN_AT, now)
                .set(WORKER.OWNER_TOKEN, ownerToken)
                .set(WORKER.SECRET_SHA256, secretSha256)
                .execute();
            return Optional.of(
                new Worker(id, name, slots, bootId, now, now, ownerToken, secretSha256));
          }
          String owner = w.getOwnerToken();
          if (owner != null && !owner.equals(ownerToken) && !takeOver) {
            return Optional.<Worker>empty();
          }
          if (!w.getBootId().equals(bootId)) {
            for (LeaseRow l :
                tx.selectFrom(LEASE)
                    .where(LEASE.WORKER_ID.eq(id).and(LEASE.STATE.eq(ACTIVE)))
                    .fetch()) {
              expire(tx, l, now, "its worker " + name + " restarted");
            }
          }
          String newOwner = ownerToken != null ? ownerToken : owner;
          tx.update(WORKER)
              .set(WORKER.NAME, name)
              .set(WORKER.SLOTS, slots)
              .set(WORKER.BOOT_ID, bootId)
              .set(WORKER.LAST_SEEN_AT, now)
              .set(WORKER.OWNER_TOKEN, newOwner)
              .set(WORKER.SECRET_SHA256, secretSha256)
              .where(WORKER.ID.eq(id))
              .execute();
          return Optional.of(
              new Worker(
                  id, name, slots, bootId, w.getRegisteredAt(), now, newOwner, secretSha256));
        });
  }

  @Override
  public Optional<Worker> worker(String id) {
    return dsl.selectFrom(WORKER).where(WORKER.ID.eq(id)).fetchOptional().map(SqlFleetStore::map);
  }

  @Override
  public List<Worker> workers() {
    return dsl.selectFrom(WORKER).orderBy(WORKER.ID).fetch(SqlFleetStore::map);
  }

  @Override
  public Map<String, WorkerHistory> history() {
    return WorkerHistoryQuery.run(dsl);
  }

  @Override
  public int activeLeases() {
    return dsl.fetchCount(LEASE, LEASE.STATE.eq(ACTIVE));
  }

  private static Worker map(WorkerRow w) {
    return new Worker(
        w.getId(),
        w.getName(),
        w.getSlots(),
        w.getBootId(),
        w.getRegisteredAt(),
        w.getLastSeenAt(),
        w.getOwnerToken(),
        w.getSecretSha256());
  }

  @Override
  public Optional<Worker> leaseWorker(String leaseId) {
    return dsl.select(WORKER.fields())
        .from(LEASE)
        .join(WORKER)
        .on(WORKER.ID.eq(LEASE.WORKER_ID))
        .where(LEASE.ID.eq(leaseId))
        .fetchOptional()
        .map(r -> map(r.into(WORKER)));
  }

  @Override
  public void recordUpload(String leaseId, String path, long now) {
    dsl.insertInto(LEASE_ARTIFACT)
        .set(LEASE_ARTIFACT.LEASE_ID, leaseId)
        .set(LEASE_ARTIFACT.PATH, path)
        .set(LEASE_ARTIFACT.UPLOADED_AT, now)
        .onConflictDoNothing()
        .execute();
  }

  @Override
  public boolean uploaded(String leaseId, String path) {
    return dsl.fetchExists(
        LEASE_ARTIFACT, LEASE_ARTIFACT.LEASE_ID.eq(leaseId).and(LEASE_ARTIFACT.PATH.eq(path)));
  }

  @Override
  public Optional<Lease> lease(String workerId, long now, long ttlMillis) {
    return dsl.transactionResult(
        cfg -> {
          DSLContext tx = DSL.using(cfg);
          Trial running = TRIAL.as("running");
          var busy =
              DSL.selectCount()
                  .from(running)
                  .where(running.JOB_ID.eq(TUNING_JOB.ID))
                  .and(running.STATE.in(TrialState.IN_PROGRESS.name(), TrialState.STOPPING.name()));
          SelectForUpdateStep<Record1<Long>> q =
              tx.select(TRIAL.ID)
                  .from(TRIAL)
                  .join(TUNING_JOB)
                  .on(TUNING_JOB.ID.eq(TRIAL.JOB_ID))
                  .where(TRIAL.STATE.eq(TrialState.PENDING.name()))
                  .and(TUNING_JOB.STATE.eq(JobState.IN_PROGRESS.name()))
                  .and(TUNING_JOB.STOP_REQUESTED.isFalse())
                  .and(busy.asField().lt(TUNING_JOB.MAX_PARALLEL))
                  .orderBy(TRIAL.CREATED_AT, TRIAL.ID)
                  .limit(1);
          Record1<Long> pick =
              dialect.family() == SQLDialect.POSTGRES
                  ? q.forUpdate().of(TRIAL).skipLocked().fetchOne()
                  : q.fetchOne();
          if (pick == null) {
            return Optional.<Lease>empty();
          }
          TrialRow t = tx.selectFrom(TRIAL).where(TRIAL.ID.eq(pick.value1())).fetchOne();
          t.setState(TrialState.IN_PROGRESS.name());
          t.setWorkerId(workerId);
          t.setStartedAt(now);
          tx.update(TRIAL)
              .set(TRIAL.STATE, t.getState())
              .set(TRIAL.WORKER_ID, workerId)
              .set(TRIAL.STARTED_AT, now)
              .where(TRIAL.ID.eq(t.getId()).and(TRIAL.STATE.eq(TrialState.PENDING.name())))
              .execute();
          String id = UUID.randomUUID().toString();
          long expires = now + ttlMillis;
          tx.insertInto(LEASE)
              .set(LEASE.ID, id)
              .set(LEASE.TRIAL_ID, t.getId())
              .set(LEASE.ATTEMPT, t.getAttempt())
              .set(LEASE.WORKER_ID, workerId)
              .set(LEASE.STATE, ACTIVE)
              .set(LEASE.EXPIRES_AT, expires)
              .set(LEASE.CREATED_AT, now)
              .execute();
          tx.update(WORKER).set(WORKER.LAST_SEEN_AT, now).where(WORKER.ID.eq(workerId)).execute();
          return Optional.of(new Lease(id, SqlTrialStore.map(t), workerId, expires));
        });
  }

  @Override
  public Optional<TrialRecord> leaseTrial(String leaseId) {
    return dsl.select(TRIAL.fields())
        .from(TRIAL)
        .join(LEASE)
        .on(LEASE.TRIAL_ID.eq(TRIAL.ID))
        .where(LEASE.ID.eq(leaseId))
        .fetchOptional()
        .map(r -> SqlTrialStore.map(r.into(TRIAL)));
  }

  @Override
  public HeartbeatAck heartbeat(
      String leaseId, List<EpochMetrics> epochs, long now, long ttlMillis) {
    return dsl.transactionResult(
        cfg -> {
          DSLContext tx = DSL.using(cfg);
          var l =
              tx.select(
                      LEASE.STATE,
                      LEASE.TRIAL_ID,
                      LEASE.ATTEMPT,
                      TRIAL.STOP_REQUESTED,
                      TRIAL.JOB_ID)
                  .from(LEASE)
                  .join(TRIAL)
                  .on(TRIAL.ID.eq(LEASE.TRIAL_ID))
                  .where(LEASE.ID.eq(leaseId))
                  .fetchOne();
          if (l == null || !l.value1().equals(ACTIVE)) {
            return HeartbeatAck.LOST;
          }
          long trialId = l.value2();
          int maxEpoch = 0;
          var insert =
              tx.insertInto(
                  TRIAL_METRIC,
                  TRIAL_METRIC.TRIAL_ID,
                  TRIAL_METRIC.ATTEMPT,
                  TRIAL_METRIC.EPOCH,
                  TRIAL_METRIC.NAME,
                  TRIAL_METRIC.VALUE,
                  TRIAL_METRIC.RECORDED_AT);
          int rows = 0;
          for (EpochMetrics e : epochs) {
            maxEpoch = Math.max(maxEpoch, e.epoch());
            for (var m : e.values().entrySet()) {
              if (Double.isFinite(m.getValue())) {
                insert =
                    insert.values(
                        trialId, l.value3(), e.epoch(), m.getKey(), m.getValue(), e.recordedAt());
                rows++;
              }
            }
          }
          if (rows > 0) {
            insert.onConflictDoNothing().execute();
          }
          if (maxEpoch > 0) {
            tx.update(TRIAL)
                .set(TRIAL.EPOCHS, DSL.greatest(TRIAL.EPOCHS, DSL.val(maxEpoch)))
                .where(TRIAL.ID.eq(trialId))
                .execute();
          }
          tx.update(LEASE)
              .set(LEASE.EXPIRES_AT, now + ttlMillis)
              .where(LEASE.ID.eq(leaseId))
              .execute();
          return new HeartbeatAck(true, Boolean.TRUE.equals(l.value4()), l.value5(), trialId);
        });
  }

  @Override
  public ReportAck report(String leaseId, Outcome outcome, long now) {
    return dsl.transactionResult(
        cfg -> {
          DSLContext tx = DSL.using(cfg);
          var l =
              tx.select(LEASE.STATE, LEASE.TRIAL_ID, TUNING_JOB.ID, TUNING_JOB.DIRECTION)
                  .from(LEASE)
                  .join(TRIAL)
                  .on(TRIAL.ID.eq(LEASE.TRIAL_ID))
                  .join(TUNING_JOB)
                  .on(TUNING_JOB.ID.eq(TRIAL.JOB_ID))
                  .where(LEASE.ID.eq(leaseId))
                  .fetchOne();
          if (l == null || l.value1().equals(EXPIRED)) {
            return ReportAck.LEASE_LOST;
          }
          if (l.value1().equals(REPORTED)) {
            return ReportAck.DUPLICATE;
          }
          long trialId = l.value2();
          tx.update(LEASE)
              .set(LEASE.STATE, REPORTED)
              .set(LEASE.ENDED_AT, now)
              .where(LEASE.ID.eq(leaseId))
              .execute();
          TrialState end =
              switch (outcome.kind()) {
                case COMPLETED -> TrialState.COMPLETED;
                case STOPPED -> TrialState.STOPPED;
                case FAILED -> TrialState.FAILED;
              };
          Double objective = outcome.kind() == Outcome.Kind.FAILED ? null : outcome.objective();
          tx.update(TRIAL)
              .set(TRIAL.STATE, end.name())
              .set(TRIAL.OBJECTIVE, objective)
              .set(TRIAL.ARTIFACT_PATH, outcome.artifactPath())
              .set(TRIAL.PROVENANCE_JSON, outcome.provenanceJson())
              .set(TRIAL.ENDED_AT, now)
              .set(
                  TRIAL.STATE_REASON,
                  outcome.reason() != null ? DSL.val(outcome.reason()) : TRIAL.STATE_REASON)
              .where(TRIAL.ID.eq(trialId))
              .execute();
          if (objective != null && Double.isFinite(objective)) {
            String jobId = l.value3();
            var better =
                l.value4().equals("MIN")
                    ? TUNING_JOB.BEST_OBJECTIVE.gt(objective)
                    : TUNING_JOB.BEST_OBJECTIVE.lt(objective);
            tx.update(TUNING_JOB)
                .set(TUNING_JOB.BEST_TRIAL_ID, trialId)
                .set(TUNING_JOB.BEST_OBJECTIVE, objective)
                .set(TUNING_JOB.UPDATED_AT, now)
                .where(TUNING_JOB.ID.eq(jobId).and(TUNING_JOB.BEST_OBJECTIVE.isNull().or(better)))
                .execute();
          }
          return ReportAck.ACCEPTED;
        });
  }

  @Override
  public List<TrialRecord> expireLeases(long now) {
    return dsl.transactionResult(
        cfg -> {
          DSLContext tx = DSL.using(cfg);
          List<TrialRecord> out = new ArrayList<>();
          for (LeaseRow l :
              tx.selectFrom(LEASE)
                  .where(LEASE.STATE.eq(ACTIVE).and(LEASE.EXPIRES_AT.lt(now)))
                  .fetch()) {
            out.add(expire(tx, l, now, "its worker stopped sending heartbeats"));
          }
          return out;
        });
  }

  /** Ends a lease as lost and puts its trial back in the queue, or ends it, in {@code tx}. */
  private TrialRecord expire(DSLContext tx, LeaseRow l, long now, String why) {
    tx.update(LEASE)
        .set(LEASE.STATE, EXPIRED)
        .set(LEASE.ENDED_AT, now)
        .where(LEASE.ID.eq(l.getId()))
        .execute();
    TrialRow t = tx.selectFrom(TRIAL).where(TRIAL.ID.eq(l.getTrialId())).fetchOne();
    int attempts = t.getAttempt() + 1;
    if (Boolean.TRUE.equals(t.getStopRequested())) {
      t.setState(TrialState.STOPPED.name());
      t.setEndedAt(now);
    } else if (attempts >= maxAttempts) {
      t.setState(TrialState.FAILED.name());
      t.setStateReason(
          "lost its lease "
              + attempts
              + " times, the retry limit ("
              + maxAttempts
              + " attempts); last: "
              + why);
      t.setEndedAt(now);
    } else {
      t.setState(TrialState.PENDING.name());
      t.setAttempt(attempts);
      t.setStateReason("retry " + attempts + ": " + why);
      t.setWorkerId(null);
      t.setStartedAt(null);
      t.setEpochs(0);
    }
    tx.executeUpdate(t);
    return SqlTrialStore.map(t);
  }
}
