package dev.vernier.tuner.storage.sql;

import static dev.vernier.tuner.storage.generated.Tables.LEASE;
import static dev.vernier.tuner.storage.generated.Tables.TRIAL;

import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.storage.FleetStore;
import dev.vernier.tuner.storage.FleetStore.Outcome;
import dev.vernier.tuner.storage.FleetStore.ReportAck;
import dev.vernier.tuner.storage.generated.tables.records.LeaseRow;
import dev.vernier.tuner.storage.generated.tables.records.TrialRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * How a lease ends, for {@link SqlFleetStore}: reported (its trial ends with the outcome) or
 * expired (its trial queued again, or failed past the retry limit). Every end is a conditional
 * update of the lease out of ACTIVE whose row count decides, so of a report and an expiry racing on
 * two replicas exactly one happens, and the trial moves only while it still runs the lease's
 * attempt.
 */
final class LeaseEndings {
  private static final String ACTIVE = SqlFleetStore.ACTIVE;
  private static final String EXPIRED = SqlFleetStore.EXPIRED;
  private static final List<String> RUNNING = SqlFleetStore.RUNNING;

  private final DSLContext dsl;
  private final boolean postgres;
  private final int maxAttempts;

  LeaseEndings(DSLContext dsl, boolean postgres, int maxAttempts) {
    this.dsl = dsl;
    this.postgres = postgres;
    this.maxAttempts = maxAttempts;
  }

  /** {@link FleetStore#report}: the lease's one transition out of ACTIVE, applied once. */
  ReportAck report(String leaseId, Outcome outcome, long now) {
    if (postgres) {
      return PostgresLeases.report(dsl, leaseId, outcome, now); // one statement, no transaction
    }
    return dsl.transactionResult(cfg -> SqliteLeases.report(DSL.using(cfg), leaseId, outcome, now));
  }

  private static final String LEASE_STATE = "SELECT state FROM lease WHERE id = ?";

  private static final String LOST_AFTER_REPORT =
      "UPDATE lease SET state = '" + EXPIRED + "' WHERE id = ? AND state = 'REPORTED'";

  /**
   * A report's answer when its lease was not ACTIVE (another report or an expiry ended it first):
   * DUPLICATE after a report, LEASE_LOST otherwise. The same on both dialects.
   */
  static ReportAck notActive(DSLContext ctx, String leaseId) {
    String state = Statements.first(ctx, LEASE_STATE, rs -> rs.getString(1), leaseId).orElse(null);
    return SqlFleetStore.REPORTED.equals(state) ? ReportAck.DUPLICATE : ReportAck.LEASE_LOST;
  }

  /**
   * A report's answer when its lease ended but its trial no longer ran the lease's attempt (it
   * cannot while the lease was active: kept as a guard): the lease ends lost and the outcome is not
   * counted.
   */
  static ReportAck trialMovedOn(DSLContext ctx, String leaseId) {
    Statements.update(ctx, LOST_AFTER_REPORT, leaseId);
    return ReportAck.LEASE_LOST;
  }

  /** The state a reported trial ends in. */
  static TrialState endState(Outcome outcome) {
    return switch (outcome.kind()) {
      case COMPLETED -> TrialState.COMPLETED;
      case STOPPED -> TrialState.STOPPED;
      case FAILED -> TrialState.FAILED;
    };
  }

  /**
   * The binds of {@link #END_COLUMNS}, in order: state, objective, objective, objective epoch,
   * artifact path, provenance, now, reason.
   */
  static Object[] endBinds(Outcome outcome, long now) {
    Double objective = storedObjective(outcome);
    return new Object[] {
      endState(outcome).name(),
      objective,
      objective,
      outcome.objectiveEpoch(),
      outcome.artifactPath(),
      outcome.provenanceJson(),
      now,
      outcome.reason()
    };
  }

  /**
   * The columns a report sets on its trial, for both dialects' {@code UPDATE trial SET}: the
   * objective's epoch is the one the report names ({@code best}'s), else the trial's last, and none
   * without an objective; a report without a reason keeps the trial's. Binds: {@link #endBinds}.
   */
  static final String END_COLUMNS =
      "state = ?, objective = CAST(? AS DOUBLE PRECISION),"
          + " objective_epoch = CASE WHEN CAST(? AS DOUBLE PRECISION) IS NULL THEN NULL"
          + " ELSE COALESCE(CAST(? AS INTEGER), NULLIF(trial.epochs, 0)) END,"
          + " artifact_path = ?, provenance_json = ?, ended_at = ?,"
          + " state_reason = COALESCE(CAST(? AS TEXT), trial.state_reason)";

  /** The objective a report stores: none for a failed trial. */
  static Double storedObjective(Outcome outcome) {
    return outcome.kind() == Outcome.Kind.FAILED ? null : outcome.objective();
  }

  /** The trial is still running the attempt a lease was given for. */
  static org.jooq.Condition ranOn(long trialId, int attempt) {
    return TRIAL.ID.eq(trialId).and(TRIAL.STATE.in(RUNNING)).and(TRIAL.ATTEMPT.eq(attempt));
  }

  private static final String ANY_EXPIRED =
      "SELECT 1 FROM lease WHERE state = '" + ACTIVE + "' AND expires_at < ? LIMIT 1";

  /** {@link FleetStore#expireLeases}, in one lock order for every replica. */
  List<TrialRecord> expireLeases(long now) {
    // every tick asks; nearly always none has expired: one constant probe, no transaction
    if (Statements.first(dsl, ANY_EXPIRED, rs -> true, now).isEmpty()) {
      return List.of();
    }
    return dsl.transactionResult(
        cfg -> {
          DSLContext tx = DSL.using(cfg);
          List<TrialRecord> out = new ArrayList<>();
          for (LeaseRow l :
              tx.selectFrom(LEASE)
                  .where(LEASE.STATE.eq(ACTIVE).and(LEASE.EXPIRES_AT.lt(now)))
                  // one lock order for every replica expiring the same leases: no deadlock
                  .orderBy(LEASE.ID)
                  .fetch()) {
            expire(tx, l, LEASE.EXPIRES_AT.lt(now), now, "its worker stopped sending heartbeats")
                .ifPresent(out::add);
          }
          return out;
        });
  }

  /**
   * Ends a lease as lost and puts its trial back in the queue, or ends it, in {@code tx}: only if
   * the lease is still ACTIVE and {@code still} holds (a conditional update whose row count
   * decides, so a report, a heartbeat or another replica's expiry that got there first wins), and
   * only if the trial still runs the lease's attempt.
   *
   * @return the trial as it is now; empty when the lease had moved on (nothing changed)
   */
  Optional<TrialRecord> expire(
      DSLContext tx, LeaseRow l, org.jooq.Condition still, long now, String why) {
    int ended =
        tx.update(LEASE)
            .set(LEASE.STATE, EXPIRED)
            .set(LEASE.ENDED_AT, now)
            .where(LEASE.ID.eq(l.getId()).and(LEASE.STATE.eq(ACTIVE)).and(still))
            .execute();
    if (ended != 1) {
      return Optional.empty();
    }
    var q = tx.selectFrom(TRIAL).where(ranOn(l.getTrialId(), l.getAttempt()));
    TrialRow t = (postgres ? q.forUpdate() : q).fetchOne();
    if (t == null) {
      return Optional.empty();
    }
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
    int moved =
        tx.update(TRIAL)
            .set(TRIAL.STATE, t.getState())
            .set(TRIAL.ATTEMPT, t.getAttempt())
            .set(TRIAL.STATE_REASON, t.getStateReason())
            .set(TRIAL.WORKER_ID, t.getWorkerId())
            .set(TRIAL.STARTED_AT, t.getStartedAt())
            .set(TRIAL.EPOCHS, t.getEpochs())
            .set(TRIAL.ENDED_AT, t.getEndedAt())
            .where(ranOn(l.getTrialId(), l.getAttempt()))
            .execute();
    // the trial as it is now, mapped the one way trial rows are (Statements.trial)
    return moved == 1
        ? Statements.first(tx, SqlTrialStore.FIND, Statements::trial, t.getId())
        : Optional.empty();
  }
}
