package dev.vernier.monitor.storage;

/**
 * Where an alert's retraining stands. An alert wanting retraining starts PENDING (it claimed the
 * monitor's cool-down) or COOLDOWN (another alert's retraining holds it); a PENDING one waits for
 * the labels of the windows that raised it (WAITING_FOR_LABELS), is SUBMITTED as a tuning job, and
 * then follows its job: RUNNING, COMPLETED or FAILED.
 */
public enum RetrainState {
  /** The alert asked for no retraining (retraining disabled, or a data-quality alert). */
  NONE,
  /** Claimed the cool-down; its job is not prepared yet. */
  PENDING,
  /** Waits, up to the monitor's label horizon, for the labels of the windows that raised it. */
  WAITING_FOR_LABELS,
  /** Its job is submitted and has not started a trial yet. */
  SUBMITTED,
  /** Its job is running trials. */
  RUNNING,
  /** Its job completed: its best trial is the retrained model. */
  COMPLETED,
  /** It could not be submitted, or its job failed or was stopped; the error says which. */
  FAILED,
  /** Skipped: another alert's retraining started within the cool-down. */
  COOLDOWN;

  /** Whether the retrainer still has something to do: prepare, submit or follow a job. */
  public boolean active() {
    return this == PENDING || this == WAITING_FOR_LABELS || this == SUBMITTED || this == RUNNING;
  }
}
