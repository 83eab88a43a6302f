package dev.vernier.tuner.storage.sql;

import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.storage.FleetStore;
import dev.vernier.tuner.storage.FleetStore.Lease;
import dev.vernier.tuner.storage.FleetStore.Outcome;
import dev.vernier.tuner.storage.FleetStore.ReportAck;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * A lease and a report on PostgreSQL, each one statement run on its own (autocommit: no transaction
 * held open across round trips), each a constant string run through {@link Statements} (nothing
 * rendered per call). {@link SqlFleetStore} and {@link LeaseEndings} keep the same rules on SQLite
 * in several statements under its single writer.
 *
 * <p>{@code max_parallel}: a job has that many rows in {@code job_slot} (migration V6, {@code
 * db/tuner-postgresql}), each free or held by one running (IN_PROGRESS or STOPPING) trial. A lease
 * ({@link #TAKE_TRIAL}) takes the job's oldest pending trial and a free slot, each {@code FOR
 * UPDATE SKIP LOCKED}, moves the trial and puts it in the slot; a trial that stops running frees
 * its slot through a trigger, whatever moved it. So concurrent leases on any replica never run more
 * than {@code max_parallel} trials of a job, and they share no row. Before, each lease locked the
 * job's row and held it across two more round trips and the commit: with 8 workers that lock was
 * the limit of the whole fleet (480 trials/s; 800 without it, where nothing enforced the limit).
 *
 * <p>The job's state is read, not locked: a stop or an end that commits while a lease runs is
 * caught by the scheduler's {@code requestStopAll}, which moves PENDING trials to STOPPED (a trial
 * a lease has locked is re-checked when the lease commits, and left to the next step) and then, in
 * a statement of its own, tells the IN_PROGRESS ones to stop, the trial that lease took included.
 *
 * <p>A report ({@link #REPORT}) moves the lease out of ACTIVE, the trial out of the lease's
 * attempt, and the job's best, each conditional, so of a report and an expiry racing, the first to
 * update the lease row wins.
 */
final class PostgresLeases {
  private PostgresLeases() {}

  /**
   * Binds: the jobs to pass over (varchar[]), worker id, now, lease id, worker id, expires at, now,
   * now, worker id. Picks the job whose oldest pending trial is oldest among those that look
   * leasable now (nothing locked), then takes its trial and slot. Answers one row when there was
   * such a job: {@code picked_job}, and the leased trial's columns, null when the job's slots are
   * all held, it has ended or is stopping, or its pending trials are being taken by other leases.
   */
  static final String TAKE_TRIAL =
      """
      WITH job AS (
        SELECT j.id FROM tuning_job j
        WHERE j.state = 'IN_PROGRESS' AND NOT j.stop_requested AND NOT (j.id = ANY (?::varchar[]))
          AND EXISTS (SELECT 1 FROM trial p WHERE p.job_id = j.id AND p.state = 'PENDING')
          AND EXISTS (SELECT 1 FROM job_slot s WHERE s.job_id = j.id AND s.trial_id IS NULL)
        ORDER BY (SELECT p.created_at FROM trial p
                  WHERE p.job_id = j.id AND p.state = 'PENDING'
                  ORDER BY p.created_at, p.id LIMIT 1), j.id
        LIMIT 1),
      pick AS (
        SELECT t.id FROM trial t
        WHERE t.job_id = (SELECT id FROM job) AND t.state = 'PENDING'
        ORDER BY t.created_at, t.id
        LIMIT 1
        FOR UPDATE OF t SKIP LOCKED),
      slot AS (
        SELECT s.job_id, s.slot FROM job_slot s
        WHERE s.job_id = (SELECT id FROM job) AND s.trial_id IS NULL AND EXISTS (SELECT 1 FROM pick)
        LIMIT 1
        FOR UPDATE OF s SKIP LOCKED),
      moved AS (
        UPDATE trial SET state = 'IN_PROGRESS', worker_id = ?, started_at = ?
        WHERE trial.id = (SELECT id FROM pick) AND trial.state = 'PENDING'
          AND EXISTS (SELECT 1 FROM slot)
        RETURNING trial.*),
      held AS (
        UPDATE job_slot SET trial_id = moved.id
        FROM moved, slot WHERE job_slot.job_id = slot.job_id AND job_slot.slot = slot.slot),
      leased AS (
        INSERT INTO lease (id, trial_id, attempt, worker_id, state, expires_at, created_at)
        SELECT ?, moved.id, moved.attempt, ?, 'ACTIVE', ?, ? FROM moved),
      seen AS (
        UPDATE worker SET last_seen_at = ?
        WHERE worker.id = ? AND EXISTS (SELECT 1 FROM moved))
      SELECT job.id AS picked_job, moved.* FROM job LEFT JOIN moved ON true""";

  /**
   * Binds: now, lease id, {@link LeaseEndings#endBinds}, best, now, best, best, best (best: the
   * objective when finite, else null). Answers whether the lease ended (was ACTIVE) and whether its
   * trial moved.
   */
  static final String REPORT =
      """
      WITH ended AS (
        UPDATE lease SET state = 'REPORTED', ended_at = ?
        WHERE id = ? AND state = 'ACTIVE'
        RETURNING trial_id, attempt),
      moved AS (
        UPDATE trial SET %s
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
      SELECT (SELECT count(*) FROM ended) AS ended, (SELECT count(*) FROM moved) AS moved"""
          .formatted(LeaseEndings.END_COLUMNS);

  /**
   * {@link SqlFleetStore#lease} on PostgreSQL: {@code ctx} must not be in a transaction (each
   * statement commits on its own, so the slot's and the trial's locks last one statement).
   */
  static Optional<Lease> lease(
      DSLContext ctx, String workerId, long now, long ttlMillis, int tries, List<String> full) {
    for (int i = 0; i < tries; i++) {
      String id = UUID.randomUUID().toString();
      long expires = now + ttlMillis;
      Picked p =
          Statements.first(
                  ctx,
                  TAKE_TRIAL,
                  PostgresLeases::picked,
                  takeBinds(full, workerId, now, id, expires))
              .orElse(null);
      Optional<Lease> taken = taken(p, id, workerId, expires, full);
      if (taken != null) {
        return taken;
      }
    }
    return Optional.empty();
  }

  /**
   * A lease's outcome ({@code null}: try the next job, {@code p}'s, added to {@code full}) from
   * what {@link #TAKE_TRIAL} answered.
   */
  private static Optional<Lease> taken(
      Picked p, String id, String workerId, long expires, List<String> full) {
    if (p == null) {
      return Optional.empty(); // no job looks leasable
    }
    if (p.trial() != null) {
      return Optional.of(new Lease(id, p.trial(), workerId, expires));
    }
    full.add(p.jobId()); // its slots or pending trials were taken meanwhile: the next job
    return null;
  }

  private static Object[] takeBinds(
      List<String> full, String workerId, long now, String id, long expires) {
    return new Object[] {
      full.toArray(String[]::new), workerId, now, id, workerId, expires, now, now, workerId
    };
  }

  private static Picked picked(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new Picked(
        rs.getString("picked_job"), rs.getString("state") == null ? null : Statements.trial(rs));
  }

  /** What {@link #TAKE_TRIAL} answered: the job it tried, and the trial when it took one. */
  private record Picked(String jobId, TrialRecord trial) {}

  /**
   * {@link LeaseEndings#report} on PostgreSQL: {@code ctx} must not be in a transaction ({@link
   * #REPORT} commits on its own; the trial's trigger frees its slot, locked until then).
   */
  static ReportAck report(DSLContext ctx, String leaseId, Outcome outcome, long now) {
    long[] r =
        Statements.first(ctx, REPORT, PostgresLeases::reported, reportBinds(leaseId, outcome, now))
            .orElseThrow();
    return ack(ctx, leaseId, r);
  }

  /**
   * {@link #REPORT} and then {@link #TAKE_TRIAL}, sent as one query: one round trip, one implicit
   * transaction and one commit for a worker's report that asks for its next trial (one worker's
   * fleet went from 2.3 to 1.3 commits a trial, the others being proposals and the scheduler's, and
   * each commit waits for its WAL flush). The second statement sees the first's changes: the slot
   * the reported trial's trigger freed is free to this lease, and it is still locked against every
   * other until the commit. {@code ctx} must not be in a transaction.
   */
  static FleetStore.Handover reportAndLease(
      DSLContext ctx,
      String leaseId,
      Outcome outcome,
      String workerId,
      long now,
      long ttlMillis,
      int tries) {
    String id = UUID.randomUUID().toString();
    long expires = now + ttlMillis;
    List<String> full = new ArrayList<>();
    Object[] report = reportBinds(leaseId, outcome, now);
    Object[] take = takeBinds(full, workerId, now, id, expires);
    Object[] binds = new Object[report.length + take.length];
    System.arraycopy(report, 0, binds, 0, report.length);
    System.arraycopy(take, 0, binds, report.length, take.length);
    Statements.Both<long[], Picked> both =
        Statements.firstOfBoth(
            ctx,
            REPORT + ";\n" + TAKE_TRIAL,
            PostgresLeases::reported,
            PostgresLeases::picked,
            binds);
    ReportAck ack = ack(ctx, leaseId, both.first().orElseThrow());
    Optional<Lease> next = taken(both.second().orElse(null), id, workerId, expires, full);
    if (next == null) {
      next = lease(ctx, workerId, now, ttlMillis, tries - 1, full);
    }
    return new FleetStore.Handover(ack, next);
  }

  private static Object[] reportBinds(String leaseId, Outcome outcome, long now) {
    Double objective = LeaseEndings.storedObjective(outcome);
    Double best = objective != null && Double.isFinite(objective) ? objective : null;
    List<Object> b = new java.util.ArrayList<>(16);
    b.add(now);
    b.add(leaseId);
    b.addAll(java.util.Arrays.asList(LeaseEndings.endBinds(outcome, now)));
    b.addAll(java.util.Arrays.asList(best, now, best, best, best));
    return b.toArray();
  }

  private static long[] reported(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new long[] {rs.getLong(1), rs.getLong(2)};
  }

  /** The report's answer from what {@link #REPORT} changed: {@code r} = ended, moved. */
  private static ReportAck ack(DSLContext ctx, String leaseId, long[] r) {
    if (r[0] != 1) {
      return LeaseEndings.notActive(ctx, leaseId);
    }
    return r[1] != 1 ? LeaseEndings.trialMovedOn(ctx, leaseId) : ReportAck.ACCEPTED;
  }
}
