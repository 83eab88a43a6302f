package dev.vernier.tuner.storage.sql;

import static dev.vernier.tuner.storage.generated.Tables.LEASE;

import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.storage.FleetStore.Lease;
import dev.vernier.tuner.storage.FleetStore.Outcome;
import dev.vernier.tuner.storage.FleetStore.ReportAck;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * A lease and a report on PostgreSQL in as few round trips as the rules allow, each statement a
 * constant string run through {@link Statements} (nothing rendered per call). {@link SqlFleetStore}
 * and {@link LeaseEndings} keep the same rules on SQLite in several statements; measured with
 * {@code vernier bench fleet}, a lease there took 9 round trips and a report 6, and rendering them
 * was most of the service's CPU.
 *
 * <p>Each count of a job's running trials is one equality lookup per state on {@code
 * trial_job_state} (job_id, state): with {@code state IN (...)} PostgreSQL scanned all the job's
 * index entries and filtered them, and without statistics it chose another index.
 *
 * <p>A lease is three statements in one transaction: {@link #LOCK_JOB} picks the job whose oldest
 * pending trial is oldest and locks its row, so replicas leasing from one job count its busy trials
 * one after the other; {@link #TAKE_TRIAL} then counts them (its snapshot is taken after the lock,
 * so it sees every lease committed before), takes the oldest pending trial with {@code FOR UPDATE
 * SKIP LOCKED}, moves it, inserts the lease and marks the worker seen, in one statement. A report
 * is one statement ({@link #REPORT}): the lease out of ACTIVE, the trial out of the lease's
 * attempt, the job's best, each conditional, so of a report and an expiry racing, the first to
 * update the lease row wins.
 */
final class PostgresLeases {
  private PostgresLeases() {}

  /** Binds: the jobs to pass over (varchar[]). Answers the job's id, locked. */
  static final String LOCK_JOB =
      """
      SELECT j.id FROM tuning_job j
      WHERE j.state = 'IN_PROGRESS' AND NOT j.stop_requested AND NOT (j.id = ANY (?::varchar[]))
        AND EXISTS (SELECT 1 FROM trial p WHERE p.job_id = j.id AND p.state = 'PENDING')
        AND (SELECT count(*) FROM trial r WHERE r.job_id = j.id AND r.state = 'IN_PROGRESS')
          + (SELECT count(*) FROM trial r WHERE r.job_id = j.id AND r.state = 'STOPPING')
          < j.max_parallel
      ORDER BY (SELECT min(p.created_at) FROM trial p
                WHERE p.job_id = j.id AND p.state = 'PENDING'), j.id
      LIMIT 1
      FOR UPDATE OF j""";

  /**
   * Binds: job id (4 times), worker id, now, lease id, worker id, expires at, now, now, worker id.
   * Answers the leased trial's row, or nothing when the job is at its parallel limit or its pending
   * trials are being taken by other leases.
   */
  static final String TAKE_TRIAL =
      """
      WITH busy AS (
        SELECT (SELECT count(*) FROM trial r WHERE r.job_id = ? AND r.state = 'IN_PROGRESS')
          + (SELECT count(*) FROM trial r WHERE r.job_id = ? AND r.state = 'STOPPING') AS n),
      pick AS (
        SELECT t.id FROM trial t
        WHERE t.job_id = ? AND t.state = 'PENDING'
          AND (SELECT n FROM busy) < (SELECT max_parallel FROM tuning_job WHERE id = ?)
        ORDER BY t.created_at, t.id
        LIMIT 1
        FOR UPDATE OF t SKIP LOCKED),
      moved AS (
        UPDATE trial SET state = 'IN_PROGRESS', worker_id = ?, started_at = ?
        FROM pick WHERE trial.id = pick.id AND trial.state = 'PENDING'
        RETURNING trial.*),
      leased AS (
        INSERT INTO lease (id, trial_id, attempt, worker_id, state, expires_at, created_at)
        SELECT ?, moved.id, moved.attempt, ?, 'ACTIVE', ?, ? FROM moved),
      seen AS (
        UPDATE worker SET last_seen_at = ?
        WHERE worker.id = ? AND EXISTS (SELECT 1 FROM moved))
      SELECT * FROM moved""";

  /**
   * Binds: now, lease id, trial state, objective, artifact path, provenance, now, reason, reason,
   * best, now, best, best, best (best: the objective when finite, else null). Answers whether the
   * lease ended (was ACTIVE) and whether its trial moved.
   */
  static final String REPORT =
      """
      WITH ended AS (
        UPDATE lease SET state = 'REPORTED', ended_at = ?
        WHERE id = ? AND state = 'ACTIVE'
        RETURNING trial_id, attempt),
      moved AS (
        UPDATE trial SET state = ?, objective = ?::float8, artifact_path = ?, provenance_json = ?,
          ended_at = ?, state_reason = CASE WHEN ?::text IS NULL THEN trial.state_reason
                                            ELSE ?::text END
        FROM ended
        WHERE trial.id = ended.trial_id AND trial.attempt = ended.attempt
          AND trial.state IN ('IN_PROGRESS', 'STOPPING')
        RETURNING trial.id, trial.job_id),
      best AS (
        UPDATE tuning_job j SET best_trial_id = moved.id, best_objective = ?::float8,
          updated_at = ?
        FROM moved
        WHERE j.id = moved.job_id AND ?::float8 IS NOT NULL
          AND (j.best_objective IS NULL
               OR (j.direction = 'MIN' AND j.best_objective > ?::float8)
               OR (j.direction <> 'MIN' AND j.best_objective < ?::float8)))
      SELECT (SELECT count(*) FROM ended) AS ended, (SELECT count(*) FROM moved) AS moved""";

  /** {@link SqlFleetStore#lease}'s body on PostgreSQL, in {@code tx}. */
  static Optional<Lease> lease(
      DSLContext tx, String workerId, long now, long ttlMillis, int tries, List<String> full) {
    for (int i = 0; i < tries; i++) {
      String jobId =
          Statements.first(
                  tx, LOCK_JOB, rs -> rs.getString(1), (Object) full.toArray(String[]::new))
              .orElse(null);
      if (jobId == null) {
        return Optional.empty();
      }
      String id = UUID.randomUUID().toString();
      long expires = now + ttlMillis;
      Optional<TrialRecord> t =
          Statements.first(
              tx,
              TAKE_TRIAL,
              Statements::trial,
              jobId,
              jobId,
              jobId,
              jobId,
              workerId,
              now,
              id,
              workerId,
              expires,
              now,
              now,
              workerId);
      if (t.isPresent()) {
        return Optional.of(new Lease(id, t.get(), workerId, expires));
      }
      full.add(jobId);
    }
    return Optional.empty();
  }

  /** {@link LeaseEndings#report}'s body on PostgreSQL, in {@code tx}. */
  static ReportAck report(DSLContext tx, String leaseId, Outcome outcome, long now) {
    TrialState end = LeaseEndings.endState(outcome);
    Double objective = LeaseEndings.storedObjective(outcome);
    Double best = objective != null && Double.isFinite(objective) ? objective : null;
    long[] r =
        Statements.first(
                tx,
                REPORT,
                rs -> new long[] {rs.getLong(1), rs.getLong(2)},
                now,
                leaseId,
                end.name(),
                objective,
                outcome.artifactPath(),
                outcome.provenanceJson(),
                now,
                outcome.reason(),
                outcome.reason(),
                best,
                now,
                best,
                best,
                best)
            .orElseThrow();
    if (r[0] != 1) {
      String state =
          tx.select(LEASE.STATE).from(LEASE).where(LEASE.ID.eq(leaseId)).fetchOne(LEASE.STATE);
      return SqlFleetStore.REPORTED.equals(state) ? ReportAck.DUPLICATE : ReportAck.LEASE_LOST;
    }
    if (r[1] != 1) {
      // the trial moved on without this lease (it cannot while the lease was active: kept as a
      // guard); the lease ends lost and the outcome is not counted
      tx.update(LEASE)
          .set(LEASE.STATE, SqlFleetStore.EXPIRED)
          .where(LEASE.ID.eq(leaseId))
          .execute();
      return ReportAck.LEASE_LOST;
    }
    return ReportAck.ACCEPTED;
  }
}
