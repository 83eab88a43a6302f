package dev.vernier.tuner.job;

/**
 * A stored tuning job: its spec and where it stands.
 *
 * @param bestTrialId null until a trial has an objective
 * @param endedAt epoch millis, null while running
 * @param schedulerReplica the service replica holding the job's scheduling lease ({@code
 *     JobStore.claimScheduling}); null when none ever held it or it was released
 * @param schedulerUntil epoch millis when that lease runs out unless renewed; null with no holder
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
    Long endedAt,
    String schedulerReplica,
    Long schedulerUntil) {

  /** A job no replica schedules (yet): a new job, as the tuning service creates it. */
  public JobRecord(
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
      Long endedAt) {
    this(
        id,
        spec,
        state,
        stateReason,
        trialsCreated,
        bestTrialId,
        bestObjective,
        stopRequested,
        createdAt,
        updatedAt,
        endedAt,
        null,
        null);
  }
}
