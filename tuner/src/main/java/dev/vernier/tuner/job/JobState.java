package dev.vernier.tuner.job;

/** A tuning job's lifecycle (SageMaker's HyperParameterTuningJobStatus). */
public enum JobState {
  /** Accepted, no trial has run yet. */
  PENDING,
  IN_PROGRESS,
  /** Ended by its limits or completion criteria; its best trial is its model. */
  COMPLETED,
  /** A stop was requested; running trials are being stopped. */
  STOPPING,
  STOPPED,
  /** Could not go on (e.g. every trial failed); the reason says why. */
  FAILED;

  public boolean isTerminal() {
    return this == COMPLETED || this == STOPPED || this == FAILED;
  }
}
