package dev.vernier.tuner.job;

import java.util.Map;

/**
 * A stored trial.
 *
 * @param number 1-based within its job
 * @param config the hyperparameters proposed for it, typed as the ranges say
 * @param attempt 0 for the first lease, incremented by each retry after a lost lease
 * @param objective the objective metric's final value, null until reported
 * @param epochs epochs reported so far
 */
public record TrialRecord(
    long id,
    String jobId,
    int number,
    TrialState state,
    String stateReason,
    Map<String, Object> config,
    int attempt,
    Double objective,
    int epochs,
    Integer objectiveEpoch,
    boolean stopRequested,
    String artifactPath,
    String workerId,
    long createdAt,
    Long startedAt,
    Long endedAt) {}
