package dev.vernier.tuner.job;

/**
 * A stored tuning job: its spec and where it stands.
 *
 * @param bestTrialId null until a trial has an objective
 * @param endedAt epoch millis, null while running
 */
public record JobRecord(
    String id,
    JobSpec spec,
    JobState state,
    String stateReason,
    int trialsCreated,
    Long bestTrialId,
    Double bestObjective,
    boolean stopRequested,
    long createdAt,
    long updatedAt,
    Long endedAt) {}
