package dev.vernier.tuner.storage.sql;

import static dev.vernier.tuner.storage.generated.Tables.STOP_DECISION;
import static dev.vernier.tuner.storage.generated.Tables.TRIAL;
import static dev.vernier.tuner.storage.generated.Tables.TRIAL_METRIC;
import static dev.vernier.tuner.storage.generated.Tables.TUNING_JOB;

import dev.vernier.platform.db.Database;
import dev.vernier.tuner.job.ConfigJson;
import dev.vernier.tuner.job.EpochMetrics;
import dev.vernier.tuner.job.ProposedTrial;
import dev.vernier.tuner.job.StopDecisionRecord;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.storage.TrialStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/** {@link TrialStore} on SQL through jOOQ. */
public final class SqlTrialStore implements TrialStore {
  private final DSLContext dsl;

  public SqlTrialStore(Database db) {
    this.dsl = db.dsl();
  }

  @Override
  public List<TrialRecord> addProposals(
      String jobId, int expectedCreated, List<Map<String, Object>> configs, long now) {
    if (configs.isEmpty()) {
      return List.of();
    }
    return dsl.transactionResult(
        cfg -> {
          DSLContext tx = DSL.using(cfg);
          int updated =
              tx.update(TUNING_JOB)
                  .set(TUNING_JOB.TRIALS_CREATED, expectedCreated + configs.size())
                  .set(TUNING_JOB.UPDATED_AT, now)
                  .where(TUNING_JOB.ID.eq(jobId))
                  .and(TUNING_JOB.TRIALS_CREATED.eq(expectedCreated))
                  .and(TUNING_JOB.MAX_TRIALS.ge(expectedCreated + configs.size()))
                  .execute();
          if (updated != 1) {
            return List.of();
          }
          // one JDBC batch of constant statements: a tick of a strategy that queues ahead
          // proposes dozens at once, and rendering a multi-row insert was most of a tick's CPU
          List<Object[]> rows = new ArrayList<>(configs.size());
          int number = expectedCreated;
          for (Map<String, Object> c : configs) {
            number++;
            rows.add(new Object[] {jobId, number, ConfigJson.write(c), false, now});
          }
          Statements.batch(tx, INSERT_PROPOSAL, rows);
          // read back rather than RETURNING: a batch's generated keys differ by driver
          List<TrialRecord> out =
              Statements.list(tx, PROPOSED_SINCE, Statements::trial, jobId, expectedCreated);
          return out;
        });
  }

  @Override
  public Map<Long, List<Double>> history(String jobId, String metric) {
    return history(TRIAL.JOB_ID.eq(jobId).and(TRIAL_METRIC.NAME.eq(metric)));
  }

  @Override
  public Map<Long, List<Double>> history(
      String jobId, String metric, java.util.Collection<Long> trialIds) {
    if (trialIds.isEmpty()) {
      return new LinkedHashMap<>();
    }
    return history(
        TRIAL
            .JOB_ID
            .eq(jobId)
            .and(TRIAL_METRIC.NAME.eq(metric))
            .and(TRIAL_METRIC.TRIAL_ID.in(trialIds)));
  }

  private Map<Long, List<Double>> history(org.jooq.Condition where) {
    Map<Long, List<Double>> out = new LinkedHashMap<>();
    for (Record r :
        dsl.select(TRIAL_METRIC.TRIAL_ID, TRIAL_METRIC.EPOCH, TRIAL_METRIC.VALUE)
            .from(TRIAL_METRIC)
            .join(TRIAL)
            .on(TRIAL.ID.eq(TRIAL_METRIC.TRIAL_ID).and(TRIAL.ATTEMPT.eq(TRIAL_METRIC.ATTEMPT)))
            .where(where)
            .orderBy(TRIAL_METRIC.TRIAL_ID, TRIAL_METRIC.EPOCH)
            .fetch()) {
      List<Double> values =
          out.computeIfAbsent(r.get(TRIAL_METRIC.TRIAL_ID), k -> new ArrayList<>());
      int epoch = r.get(TRIAL_METRIC.EPOCH);
      while (values.size() < epoch - 1) {
        values.add(values.isEmpty() ? Double.NaN : values.get(values.size() - 1));
      }
      values.add(r.get(TRIAL_METRIC.VALUE));
    }
    return out;
  }

  @Override
  public Map<TrialState, Integer> countByState() {
    return counts(DSL.noCondition());
  }

  @Override
  public Map<TrialState, Integer> countByState(String jobId) {
    return counts(TRIAL.JOB_ID.eq(jobId));
  }

  private Map<TrialState, Integer> counts(org.jooq.Condition where) {
    Map<TrialState, Integer> out = new java.util.EnumMap<>(TrialState.class);
    for (TrialState s : TrialState.values()) {
      out.put(s, 0);
    }
    dsl.select(TRIAL.STATE, DSL.count())
        .from(TRIAL)
        .where(where)
        .groupBy(TRIAL.STATE)
        .fetch()
        .forEach(r -> out.put(TrialState.valueOf(r.value1()), r.value2()));
    return out;
  }

  @Override
  public List<TrialRecord> trials(String jobId) {
    // constant SQL: a bayesian tick and each early-stopping decision read every trial of the job,
    // and jOOQ's records for thousands of rows were most of a decision's time
    return Statements.list(dsl, JOB_TRIALS, Statements::trial, jobId);
  }

  @Override
  public List<ProposedTrial> proposedSince(String jobId, int afterNumber) {
    return dsl.select(TRIAL.ID, TRIAL.NUMBER, TRIAL.CONFIG_JSON)
        .from(TRIAL)
        .where(TRIAL.JOB_ID.eq(jobId))
        .and(TRIAL.NUMBER.gt(afterNumber))
        .orderBy(TRIAL.NUMBER)
        .fetch(r -> new ProposedTrial(r.value1(), r.value2(), ConfigJson.read(r.value3())));
  }

  /**
   * The columns a {@link TrialRecord} is made of: all but the provenance document, which can be
   * long and is read on its own ({@link #provenance}); a bayesian tick reads every trial of its
   * job.
   */
  static final List<Field<?>> RECORD_FIELDS =
      Arrays.stream(TRIAL.fields()).filter(f -> !f.equals(TRIAL.PROVENANCE_JSON)).toList();

  /** {@link #RECORD_FIELDS}' names, comma-separated, for constant SQL ({@link Statements}). */
  static final String RECORD_COLUMNS =
      RECORD_FIELDS.stream().map(Field::getName).collect(java.util.stream.Collectors.joining(", "));

  private static final String INSERT_PROPOSAL =
      "INSERT INTO trial (job_id, number, state, config_json, attempt, epochs, stop_requested,"
          + " created_at) VALUES (?, ?, 'PENDING', ?, 0, 0, ?, ?)";
  private static final String JOB_TRIALS =
      "SELECT " + RECORD_COLUMNS + " FROM trial WHERE job_id = ? ORDER BY number";

  private static final String PROPOSED_SINCE =
      "SELECT " + RECORD_COLUMNS + " FROM trial WHERE job_id = ? AND number > ? ORDER BY number";

  @Override
  public Optional<TrialRecord> find(long trialId) {
    return Statements.first(dsl, FIND, Statements::trial, trialId);
  }

  /** A trial by id: the columns of a {@link TrialRecord}. */
  static final String FIND = "SELECT " + RECORD_COLUMNS + " FROM trial WHERE id = ?";

  @Override
  public Optional<String> provenance(long trialId) {
    return dsl.select(TRIAL.PROVENANCE_JSON)
        .from(TRIAL)
        .where(TRIAL.ID.eq(trialId))
        .fetchOptional(TRIAL.PROVENANCE_JSON)
        .filter(p -> !p.isBlank());
  }

  @Override
  public List<EpochMetrics> metrics(long trialId) {
    Map<List<Long>, Map<String, Double>> values = new LinkedHashMap<>();
    Map<List<Long>, Long> times = new LinkedHashMap<>();
    for (Record r :
        dsl.select(
                TRIAL_METRIC.ATTEMPT,
                TRIAL_METRIC.EPOCH,
                TRIAL_METRIC.NAME,
                TRIAL_METRIC.VALUE,
                TRIAL_METRIC.RECORDED_AT)
            .from(TRIAL_METRIC)
            .where(TRIAL_METRIC.TRIAL_ID.eq(trialId))
            .orderBy(TRIAL_METRIC.ATTEMPT, TRIAL_METRIC.EPOCH, TRIAL_METRIC.NAME)
            .fetch()) {
      List<Long> key =
          List.of((long) r.get(TRIAL_METRIC.ATTEMPT), (long) r.get(TRIAL_METRIC.EPOCH));
      values
          .computeIfAbsent(key, k -> new LinkedHashMap<>())
          .put(r.get(TRIAL_METRIC.NAME), r.get(TRIAL_METRIC.VALUE));
      times.merge(key, r.get(TRIAL_METRIC.RECORDED_AT), Math::max);
    }
    List<EpochMetrics> out = new ArrayList<>();
    values.forEach(
        (k, v) ->
            out.add(new EpochMetrics(k.get(0).intValue(), k.get(1).intValue(), v, times.get(k))));
    return out;
  }

  @Override
  public List<StopDecisionRecord> decisions(long trialId) {
    return dsl.selectFrom(STOP_DECISION)
        .where(STOP_DECISION.TRIAL_ID.eq(trialId))
        .orderBy(STOP_DECISION.DECIDED_AT, STOP_DECISION.ATTEMPT, STOP_DECISION.EPOCH)
        .fetch(
            r ->
                new StopDecisionRecord(
                    r.getAttempt(),
                    r.getEpoch(),
                    r.getDecision(),
                    r.getReason(),
                    r.getDecidedAt(),
                    inputs(r.getInputs())));
  }

  @Override
  public void recordDecision(long trialId, StopDecisionRecord d) {
    dsl.transaction(
        cfg -> {
          DSLContext tx = DSL.using(cfg);
          int n =
              tx.insertInto(STOP_DECISION)
                  .set(STOP_DECISION.TRIAL_ID, trialId)
                  .set(STOP_DECISION.ATTEMPT, d.attempt())
                  .set(STOP_DECISION.EPOCH, d.epoch())
                  .set(STOP_DECISION.DECISION, d.decision())
                  .set(STOP_DECISION.REASON, d.reason())
                  .set(STOP_DECISION.DECIDED_AT, d.decidedAt())
                  .set(STOP_DECISION.INPUTS, inputsJson(d.inputs()))
                  .onConflictDoNothing()
                  .execute();
          if (n == 1 && d.decision().equals("STOP")) {
            tx.update(TRIAL)
                .set(TRIAL.STOP_REQUESTED, true)
                .set(TRIAL.STATE_REASON, d.reason())
                .where(
                    TRIAL
                        .ID
                        .eq(trialId)
                        .and(
                            TRIAL.STATE.in(
                                TrialState.PENDING.name(), TrialState.IN_PROGRESS.name())))
                .execute();
          }
        });
  }

  @Override
  public void requestStopAll(String jobId, long now) {
    dsl.transaction(
        cfg -> {
          DSLContext tx = DSL.using(cfg);
          // trials not yet leased end at once; running ones are told at their next heartbeat
          tx.update(TRIAL)
              .set(TRIAL.STATE, TrialState.STOPPED.name())
              .set(TRIAL.STATE_REASON, "the job was stopped before this trial started")
              .set(TRIAL.ENDED_AT, now)
              .where(TRIAL.JOB_ID.eq(jobId).and(TRIAL.STATE.eq(TrialState.PENDING.name())))
              .execute();
          tx.update(TRIAL)
              .set(TRIAL.STOP_REQUESTED, true)
              .set(TRIAL.STATE_REASON, "the job is stopping")
              .where(TRIAL.JOB_ID.eq(jobId).and(TRIAL.STATE.eq(TrialState.IN_PROGRESS.name())))
              .execute();
        });
  }

  /** A decision's inputs as a JSON object, in their order. */
  static String inputsJson(Map<String, Number> inputs) {
    com.fasterxml.jackson.databind.node.ObjectNode o =
        dev.vernier.core.json.Json.MAPPER.createObjectNode();
    inputs.forEach(
        (k, v) -> {
          if (v instanceof Integer || v instanceof Long) {
            o.put(k, v.longValue());
          } else {
            o.put(k, v.doubleValue());
          }
        });
    return o.toString();
  }

  /** The inputs stored by {@link #inputsJson}; integers come back as {@code Long}. */
  static Map<String, Number> inputs(String json) {
    Map<String, Number> out = new LinkedHashMap<>();
    if (json == null || json.isBlank()) {
      return out;
    }
    try {
      dev.vernier.core.json.Json.MAPPER
          .readTree(json)
          .fields()
          .forEachRemaining(
              f ->
                  out.put(
                      f.getKey(),
                      f.getValue().isIntegralNumber()
                          ? (Number) f.getValue().longValue()
                          : (Number) f.getValue().doubleValue()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(
          "a stored decision's inputs are not JSON: " + e.getMessage(), e);
    }
    return out;
  }
}
