package dev.vernier.tuner.storage.sql;

import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.storage.FleetStore.Lease;
import dev.vernier.tuner.storage.FleetStore.Outcome;
import dev.vernier.tuner.storage.FleetStore.ReportAck;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * A lease and a report on SQLite as constant statements ({@link Statements}), inside the caller's
 * transaction: SQLite's single writer ({@code BEGIN IMMEDIATE}) serialises the whole transaction,
 * so what its first statement reads (a job below its parallel limit with a pending trial) still
 * holds when the next ones write. Rendering the same statements through jOOQ on every call was
 * two-thirds of the service's CPU per trial with one HTTP worker ({@code vernier bench fleet}).
 * {@link PostgresLeases} keeps the same rules where several writers run at once.
 */
final class SqliteLeases {
  private SqliteLeases() {}

  /**
   * The job whose oldest pending trial is oldest, among the jobs in progress, not stopping and
   * below their parallel limit (the busy count once per job, one equality lookup per state).
   */
  static final String PICK_JOB =
      """
      SELECT j.id FROM tuning_job j
      WHERE j.state = 'IN_PROGRESS' AND NOT j.stop_requested
        AND EXISTS (SELECT 1 FROM trial p WHERE p.job_id = j.id AND p.state = 'PENDING')
        AND (SELECT count(*) FROM trial r WHERE r.job_id = j.id AND r.state = 'IN_PROGRESS')
          + (SELECT count(*) FROM trial r WHERE r.job_id = j.id AND r.state = 'STOPPING')
          < j.max_parallel
      ORDER BY (SELECT min(p.created_at) FROM trial p
                WHERE p.job_id = j.id AND p.state = 'PENDING'), j.id
      LIMIT 1""";

  /** Binds: worker id, now, job id. Moves the job's oldest pending trial; answers its row. */
  static final String TAKE_TRIAL =
      "UPDATE trial SET state = 'IN_PROGRESS', worker_id = ?, started_at = ?"
          + " WHERE id = (SELECT id FROM trial WHERE job_id = ? AND state = 'PENDING'"
          + " ORDER BY created_at, id LIMIT 1) AND state = 'PENDING'"
          + " RETURNING "
          + SqlTrialStore.RECORD_COLUMNS;

  static final String INSERT_LEASE =
      "INSERT INTO lease (id, trial_id, attempt, worker_id, state, expires_at, created_at)"
          + " VALUES (?, ?, ?, ?, 'ACTIVE', ?, ?)";

  static final String WORKER_SEEN = "UPDATE worker SET last_seen_at = ? WHERE id = ?";

  /** Binds: now, lease id. Ends an ACTIVE lease; answers its trial and attempt. */
  static final String END_LEASE =
      "UPDATE lease SET state = 'REPORTED', ended_at = ? WHERE id = ? AND state = 'ACTIVE'"
          + " RETURNING trial_id, attempt";

  /**
   * Binds: {@link LeaseEndings#endBinds}, trial id, attempt. Ends the trial if it still runs the
   * lease's attempt; answers its job.
   */
  static final String END_TRIAL =
      "UPDATE trial SET "
          + LeaseEndings.END_COLUMNS
          + " WHERE id = ? AND state IN ('IN_PROGRESS', 'STOPPING') AND attempt = ?"
          + " RETURNING job_id";

  /** Binds: trial id, objective, now, job id, objective (3 times). */
  static final String BEST =
      "UPDATE tuning_job SET best_trial_id = ?, best_objective = ?, updated_at = ?"
          + " WHERE id = ? AND (best_objective IS NULL"
          + " OR (direction = 'MIN' AND best_objective > ?)"
          + " OR (direction <> 'MIN' AND best_objective < ?))";

  /** {@link SqlFleetStore#lease} on SQLite, in {@code tx} (a {@code BEGIN IMMEDIATE} one). */
  static Optional<Lease> lease(DSLContext tx, String workerId, long now, long ttlMillis) {
    String jobId = Statements.first(tx, PICK_JOB, rs -> rs.getString(1)).orElse(null);
    if (jobId == null) {
      return Optional.empty();
    }
    Optional<TrialRecord> t =
        Statements.first(tx, TAKE_TRIAL, Statements::trial, workerId, now, jobId);
    if (t.isEmpty()) {
      return Optional.empty(); // cannot happen under the single writer: kept as a guard
    }
    String id = UUID.randomUUID().toString();
    long expires = now + ttlMillis;
    Statements.update(
        tx, INSERT_LEASE, id, t.get().id(), t.get().attempt(), workerId, expires, now);
    Statements.update(tx, WORKER_SEEN, now, workerId);
    return Optional.of(new Lease(id, t.get(), workerId, expires));
  }

  /** {@link LeaseEndings#report} on SQLite, in {@code tx}. */
  static ReportAck report(DSLContext tx, String leaseId, Outcome outcome, long now) {
    // the lease's one transition out of ACTIVE: of a report and an expiry racing on another
    // replica, the first to update the row wins and the other's update finds no row
    long[] l =
        Statements.first(
                tx, END_LEASE, rs -> new long[] {rs.getLong(1), rs.getLong(2)}, now, leaseId)
            .orElse(null);
    if (l == null) {
      return LeaseEndings.notActive(tx, leaseId);
    }
    Object[] end = LeaseEndings.endBinds(outcome, now);
    Object[] binds = java.util.Arrays.copyOf(end, end.length + 2);
    binds[end.length] = l[0];
    binds[end.length + 1] = (int) l[1];
    Double objective = LeaseEndings.storedObjective(outcome);
    String jobId = Statements.first(tx, END_TRIAL, rs -> rs.getString(1), binds).orElse(null);
    if (jobId == null) {
      return LeaseEndings.trialMovedOn(tx, leaseId);
    }
    if (objective != null && Double.isFinite(objective)) {
      Statements.update(tx, BEST, l[0], objective, now, jobId, objective, objective);
    }
    return ReportAck.ACCEPTED;
  }
}
