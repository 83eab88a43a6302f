package dev.vernier.monitor.storage;

import java.util.List;

/**
 * What an alert's retraining policy did, as stored with the alert.
 *
 * @param state where it stands
 * @param jobId the tuning job, once submitted
 * @param error why it FAILED
 * @param windows the windows that raised the alert (start of each), oldest first: the retraining
 *     waits for their labels and trains on the rows captured from the first of them on; empty until
 *     known
 * @param rows captured, labelled rows: so far while it waits, trained on once submitted; null until
 *     known
 * @param waitUntil while WAITING_FOR_LABELS, when it stops waiting (alert time plus the label
 *     horizon), epoch millis; null otherwise
 * @param detail a sentence: what it waits for, or what its job trains on
 * @param cooldownUntil for COOLDOWN, when the cool-down that skipped it ends, epoch millis
 * @param cooldownAlertId for COOLDOWN, the alert whose retraining holds the cool-down
 * @param cooldownJobId for COOLDOWN, that alert's job, once submitted
 */
public record AlertRetraining(
    RetrainState state,
    String jobId,
    String error,
    List<Long> windows,
    Long rows,
    Long waitUntil,
    String detail,
    Long cooldownUntil,
    Long cooldownAlertId,
    String cooldownJobId) {
  public AlertRetraining {
    windows = List.copyOf(windows);
  }

  /** This retraining in another state, with the same job, error and details. */
  public AlertRetraining withState(RetrainState s) {
    return new AlertRetraining(
        s,
        jobId,
        error,
        windows,
        rows,
        waitUntil,
        detail,
        cooldownUntil,
        cooldownAlertId,
        cooldownJobId);
  }

  /** Waiting for labels of {@code windows}, {@code rows} labelled so far, until {@code until}. */
  public AlertRetraining waiting(List<Long> windows, long rows, long until, String detail) {
    return new AlertRetraining(
        RetrainState.WAITING_FOR_LABELS,
        null,
        null,
        windows,
        rows,
        until,
        detail,
        cooldownUntil,
        cooldownAlertId,
        cooldownJobId);
  }

  /** Submitted as {@code job}, trained on the rows captured from {@code windows} on. */
  public AlertRetraining submitted(String job, List<Long> windows, long rows, String detail) {
    return new AlertRetraining(
        RetrainState.SUBMITTED,
        job,
        null,
        windows,
        rows,
        null,
        detail,
        cooldownUntil,
        cooldownAlertId,
        cooldownJobId);
  }

  /** Failed with {@code why}, keeping the job (if any) and what it trained on. */
  public AlertRetraining failed(String why) {
    return new AlertRetraining(
        RetrainState.FAILED,
        jobId,
        why,
        windows,
        rows,
        null,
        detail,
        cooldownUntil,
        cooldownAlertId,
        cooldownJobId);
  }
}
