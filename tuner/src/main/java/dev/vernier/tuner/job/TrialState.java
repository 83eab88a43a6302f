package dev.vernier.tuner.job;

/** A trial's lifecycle. */
public enum TrialState {
  /** Proposed, waiting for a worker slot. */
  PENDING,
  /** Leased to a worker. */
  IN_PROGRESS,
  COMPLETED,
  /** Asked to stop (early stopping or a job stop); the worker stops within one epoch. */
  STOPPING,
  /** Stopped early; its last reported objective counts. */
  STOPPED,
  /** Failed after its retries, with the reason. */
  FAILED;

  public boolean isTerminal() {
    return this == COMPLETED || this == STOPPED || this == FAILED;
  }
}
