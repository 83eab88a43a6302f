package dev.vernier.tuner.storage.sql;

import static dev.vernier.tuner.storage.generated.Tables.TUNING_JOB;
import static dev.vernier.tuner.storage.generated.Tables.TUNING_JOB_PARENT;

import dev.vernier.core.InvalidInputException;
import dev.vernier.platform.db.Database;
import dev.vernier.platform.error.AlreadyExistsException;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobSpecCodec;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.job.WarmStart;
import dev.vernier.tuner.storage.JobStore;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;

/** {@link JobStore} on SQL through jOOQ. */
public final class SqlJobStore implements JobStore {
  /** The states of a job that has not ended: listed, stopped and scheduled. */
  private static final List<String> ACTIVE =
      Arrays.stream(JobState.values()).filter(s -> !s.isTerminal()).map(Enum::name).toList();

  private final DSLContext dsl;

  public SqlJobStore(Database db) {
    this.dsl = db.dsl();
  }

  @Override
  public void create(JobRecord job) {
    try {
      insert(job);
    } catch (IntegrityConstraintViolationException e) {
      // PostgreSQL (READ COMMITTED): two creates of one name both pass the check below, and the
      // second insert meets the primary key; SQLite's IMMEDIATE transactions never get here
      if (dsl.fetchExists(TUNING_JOB, TUNING_JOB.ID.eq(job.id()))) {
        throw new AlreadyExistsException("$.name", job.id());
      }
      throw e;
    }
  }

  private void insert(JobRecord job) {
    dsl.transaction(
        cfg -> {
          DSLContext tx = DSL.using(cfg);
          if (tx.fetchExists(TUNING_JOB, TUNING_JOB.ID.eq(job.id()))) {
            throw new AlreadyExistsException("$.name", job.id());
          }
          for (String parent : job.spec().warmStart().parents()) {
            if (!tx.fetchExists(TUNING_JOB, TUNING_JOB.ID.eq(parent))) {
              throw new InvalidInputException(
                  "$.warmStart.parents", "must name existing tuning jobs", parent);
            }
          }
          var s = job.spec();
          tx.insertInto(TUNING_JOB)
              .set(TUNING_JOB.ID, job.id())
              .set(TUNING_JOB.SPEC_JSON, JobSpecCodec.write(s))
              .set(TUNING_JOB.STATE, job.state().name())
              .set(TUNING_JOB.STATE_REASON, job.stateReason())
              .set(TUNING_JOB.STRATEGY, s.strategy())
              .set(
                  TUNING_JOB.ALGORITHM,
                  s.algorithm() != null ? s.algorithm() : "command:" + s.command())
              .set(TUNING_JOB.OBJECTIVE, s.objective().metric())
              .set(TUNING_JOB.DIRECTION, s.objective().direction().name().substring(0, 3))
              .set(TUNING_JOB.MAX_TRIALS, s.limits().maxTrials())
              .set(TUNING_JOB.MAX_PARALLEL, s.limits().maxParallelTrials())
              .set(TUNING_JOB.TRIALS_CREATED, 0)
              .set(TUNING_JOB.STOP_REQUESTED, false)
              .set(TUNING_JOB.CREATED_AT, job.createdAt())
              .set(TUNING_JOB.UPDATED_AT, job.updatedAt())
              .execute();
          for (String parent : s.warmStart().parents()) {
            tx.insertInto(TUNING_JOB_PARENT)
                .set(TUNING_JOB_PARENT.JOB_ID, job.id())
                .set(TUNING_JOB_PARENT.PARENT_ID, parent)
                .set(
                    TUNING_JOB_PARENT.WARM_START_TYPE,
                    s.warmStart().type() == WarmStart.Type.TRANSFER ? "transfer" : "identical-data")
                .execute();
          }
        });
  }

  @Override
  public Optional<JobRecord> find(String id) {
    return Statements.first(dsl, "SELECT * FROM tuning_job WHERE id = ?", Statements::job, id);
  }

  private static Condition stateIs(JobState state) {
    return state == null ? DSL.noCondition() : TUNING_JOB.STATE.eq(state.name());
  }

  @Override
  public List<JobRecord> list(JobState state, int offset, int limit) {
    return Statements.rows(
        dsl.selectFrom(TUNING_JOB)
            .where(stateIs(state))
            .orderBy(TUNING_JOB.CREATED_AT.desc(), TUNING_JOB.ID)
            .limit(limit)
            .offset(offset),
        Statements::job);
  }

  @Override
  public int count(JobState state) {
    return dsl.fetchCount(TUNING_JOB, stateIs(state));
  }

  @Override
  public List<JobRecord> active() {
    return Statements.list(dsl, ACTIVE_JOBS, Statements::job);
  }

  /** Every tick reads it: constant SQL ({@link Statements}). */
  private static final String ACTIVE_JOBS =
      "SELECT * FROM tuning_job WHERE state IN ('"
          + String.join("', '", ACTIVE)
          + "') ORDER BY created_at, id";

  @Override
  public boolean transition(String id, JobState from, JobState to, String reason, long now) {
    return dsl.update(TUNING_JOB)
            .set(TUNING_JOB.STATE, to.name())
            .set(TUNING_JOB.STATE_REASON, reason)
            .set(TUNING_JOB.UPDATED_AT, now)
            .set(TUNING_JOB.ENDED_AT, to.isTerminal() ? now : null)
            .where(TUNING_JOB.ID.eq(id).and(TUNING_JOB.STATE.eq(from.name())))
            .execute()
        == 1;
  }

  @Override
  public boolean requestStop(String id, long now) {
    return dsl.update(TUNING_JOB)
            .set(TUNING_JOB.STOP_REQUESTED, true)
            .set(TUNING_JOB.UPDATED_AT, now)
            .where(TUNING_JOB.ID.eq(id).and(TUNING_JOB.STATE.in(ACTIVE)))
            .execute()
        == 1;
  }

  @Override
  public boolean claimScheduling(String jobId, String replica, long now, long ttlMillis) {
    return dsl.update(TUNING_JOB)
            .set(TUNING_JOB.SCHEDULER_REPLICA, replica)
            .set(TUNING_JOB.SCHEDULER_UNTIL, now + ttlMillis)
            .where(
                TUNING_JOB
                    .ID
                    .eq(jobId)
                    // an ended job has nothing to schedule: a replica that read it as active just
                    // before its end (and its release) must not take it
                    .and(TUNING_JOB.STATE.in(ACTIVE))
                    .and(
                        TUNING_JOB
                            .SCHEDULER_REPLICA
                            .isNull()
                            .or(TUNING_JOB.SCHEDULER_REPLICA.eq(replica))
                            .or(TUNING_JOB.SCHEDULER_UNTIL.lt(now))))
            .execute()
        == 1;
  }

  @Override
  public boolean releaseScheduling(String jobId, String replica) {
    return dsl.update(TUNING_JOB)
            .setNull(TUNING_JOB.SCHEDULER_REPLICA)
            .setNull(TUNING_JOB.SCHEDULER_UNTIL)
            .where(TUNING_JOB.ID.eq(jobId).and(TUNING_JOB.SCHEDULER_REPLICA.eq(replica)))
            .execute()
        == 1;
  }

  @Override
  public int releaseAllScheduling(String replica) {
    return dsl.update(TUNING_JOB)
        .setNull(TUNING_JOB.SCHEDULER_REPLICA)
        .setNull(TUNING_JOB.SCHEDULER_UNTIL)
        .where(TUNING_JOB.SCHEDULER_REPLICA.eq(replica))
        .execute();
  }
}
