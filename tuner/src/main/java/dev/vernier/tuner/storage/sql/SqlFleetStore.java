package dev.vernier.tuner.storage.sql;

import static dev.vernier.tuner.storage.generated.Tables.LEASE;
import static dev.vernier.tuner.storage.generated.Tables.LEASE_ARTIFACT;
import static dev.vernier.tuner.storage.generated.Tables.TRIAL;
import static dev.vernier.tuner.storage.generated.Tables.TRIAL_METRIC;
import static dev.vernier.tuner.storage.generated.Tables.WORKER;

import dev.vernier.platform.db.Database;
import dev.vernier.tuner.job.EpochMetrics;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.storage.FleetStore;
import dev.vernier.tuner.storage.generated.tables.records.LeaseRow;
import dev.vernier.tuner.storage.generated.tables.records.WorkerRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * {@link FleetStore} on SQL through jOOQ, safe for several service replicas on one database.
 *
 * <p>On PostgreSQL (READ COMMITTED) a lease locks its job's row before counting the job's busy
 * trials, so replicas never exceed {@code max_parallel} together, and takes its trial with {@code
 * FOR UPDATE SKIP LOCKED}, so they never hand out the same trial. Every change of a lease's state
 * (report, expiry, a restarted worker's leases, a heartbeat's extension) is one conditional update
 * {@code WHERE id = ? AND state = 'ACTIVE'} whose row count decides: when a report and an expiry of
 * one lease race, the second waits for the first's row lock, finds the row no longer ACTIVE and
 * changes nothing. Trial updates are guarded the same way (the trial still runs the lease's
 * attempt), so a trial is never moved twice. SQLite's single writer ({@code BEGIN IMMEDIATE})
 * serialises the transactions; the same conditional updates make them correct there too.
 */
public final class SqlFleetStore implements FleetStore {
  static final String ACTIVE = "ACTIVE";
  static final String REPORTED = "REPORTED";
  static final String EXPIRED = "EXPIRED";

  /** The trial states that hold a worker slot. */
  static final List<String> RUNNING =
      List.of(TrialState.IN_PROGRESS.name(), TrialState.STOPPING.name());

  private final DSLContext dsl;
  private final SQLDialect dialect;
  private final LeaseEndings endings;

  /**
   * @param maxAttempts how many leases a trial may lose before it fails (3 is SageMaker's retry
   *     count for internal errors)
   */
  public SqlFleetStore(Database db, int maxAttempts) {
    this.dsl = db.dsl();
    this.dialect = db.dialect();
    this.endings = new LeaseEndings(dsl, postgres(), maxAttempts);
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
                    .orderBy(LEASE.ID)
                    .fetch()) {
              endings.expire(tx, l, DSL.noCondition(), now, "its worker " + name + " restarted");
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

  /** How many jobs one lease call tries before it answers "nothing to run". */
  private static final int LEASE_TRIES = 8;

  @Override
  public Optional<Lease> lease(String workerId, long now, long ttlMillis) {
    if (postgres()) {
      // no transaction: each of its statements commits on its own (PostgresLeases)
      return PostgresLeases.lease(dsl, workerId, now, ttlMillis, LEASE_TRIES, new ArrayList<>());
    }
    return dsl.transactionResult(
        cfg -> SqliteLeases.lease(DSL.using(cfg), workerId, now, ttlMillis));
  }

  private boolean postgres() {
    return dialect.family() == SQLDialect.POSTGRES;
  }

  @Override
  public Optional<TrialRecord> leaseTrial(String leaseId) {
    return Statements.first(dsl, LEASE_TRIAL, Statements::trial, leaseId);
  }

  /**
   * A lease's trial, the columns of a {@link TrialRecord} (no provenance): read for each report of
   * a lease another replica gave and each early-stopping decision.
   */
  private static final String LEASE_TRIAL =
      "SELECT "
          + SqlTrialStore.RECORD_FIELDS.stream()
              .map(f -> "t." + f.getName())
              .collect(java.util.stream.Collectors.joining(", "))
          + " FROM trial t JOIN lease l ON l.trial_id = t.id WHERE l.id = ?";

  @Override
  public HeartbeatAck heartbeat(
      String leaseId, List<EpochMetrics> epochs, long now, long ttlMillis) {
    return dsl.transactionResult(
        cfg -> {
          DSLContext tx = DSL.using(cfg);
          // extended only while active: the row count decides, so an expiry or a report that
          // committed first wins, and one that comes later waits for this transaction
          int extended =
              tx.update(LEASE)
                  .set(LEASE.EXPIRES_AT, now + ttlMillis)
                  .where(LEASE.ID.eq(leaseId).and(LEASE.STATE.eq(ACTIVE)))
                  .execute();
          if (extended != 1) {
            return HeartbeatAck.LOST;
          }
          var l =
              tx.select(LEASE.TRIAL_ID, LEASE.ATTEMPT, TRIAL.STOP_REQUESTED, TRIAL.JOB_ID)
                  .from(LEASE)
                  .join(TRIAL)
                  .on(TRIAL.ID.eq(LEASE.TRIAL_ID))
                  .where(LEASE.ID.eq(leaseId))
                  .fetchOne();
          long trialId = l.value1();
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
                        trialId, l.value2(), e.epoch(), m.getKey(), m.getValue(), e.recordedAt());
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
                .where(TRIAL.ID.eq(trialId).and(TRIAL.ATTEMPT.eq(l.value2())))
                .execute();
          }
          return new HeartbeatAck(true, Boolean.TRUE.equals(l.value3()), l.value4(), trialId);
        });
  }

  @Override
  public ReportAck report(String leaseId, Outcome outcome, long now) {
    return endings.report(leaseId, outcome, now);
  }

  /**
   * On PostgreSQL both statements go as one query (one round trip, one commit); on SQLite both run
   * in one transaction under its single writer.
   */
  @Override
  public Handover reportAndLease(
      String leaseId, Outcome outcome, String workerId, long now, long ttlMillis) {
    if (postgres()) {
      return PostgresLeases.reportAndLease(
          dsl, leaseId, outcome, workerId, now, ttlMillis, LEASE_TRIES);
    }
    return dsl.transactionResult(
        cfg -> {
          DSLContext tx = DSL.using(cfg);
          ReportAck ack = SqliteLeases.report(tx, leaseId, outcome, now);
          return new Handover(ack, SqliteLeases.lease(tx, workerId, now, ttlMillis));
        });
  }

  @Override
  public List<TrialRecord> expireLeases(long now) {
    return endings.expireLeases(now);
  }
}
