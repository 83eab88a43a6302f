package dev.vernier.tuner.service;

import dev.vernier.platform.error.NotFoundException;
import dev.vernier.tuner.job.EpochMetrics;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobSpec;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.job.StopDecisionRecord;
import dev.vernier.tuner.job.TrialRecord;
import java.util.List;
import java.util.Optional;

/**
 * The tuner's public face: what the REST API, the CLI and the monitor's retraining policy call.
 * Thread-safe. Every method validates its input and fails with an {@link
 * dev.vernier.core.InvalidInputException} naming the field; {@link NotFoundException} for an id
 * that does not exist.
 */
public interface TuningService {

  /** A page of jobs and how many there are in all. */
  record Page(List<JobRecord> jobs, int total, int offset, int limit) {}

  /** A trial with its metric history and stop decisions. */
  record TrialDetail(
      TrialRecord trial, List<EpochMetrics> metrics, List<StopDecisionRecord> decisions) {}

  /**
   * Validates and stores a job; it starts at the next tick. A user's job comes from {@link
   * dev.vernier.tuner.job.JobSpecParser#parse} (which checked its files against the users' data
   * roots); a job the service built itself may also name files under the service's own folders
   * ({@link dev.vernier.core.data.DataRoots#withServiceRoots}), which users' jobs cannot name.
   * Every channel is checked against both here, and the strategy checks the ranges and the trial
   * budget.
   *
   * @throws dev.vernier.core.InvalidInputException naming the field that breaks a rule
   * @throws dev.vernier.platform.error.AlreadyExistsException when a job of that name exists
   */
  JobRecord submit(JobSpec spec);

  /**
   * Submits a warm-start ({@link dev.vernier.tuner.job.WarmStart.Type#TRANSFER transfer}) child of
   * a job: the parent's spec with the request's changes ({@link WarmStartRequest}), the parent as
   * its only warm-start parent, its seed offset from the parent's. The monitor's retraining calls
   * it with fresher data; the data is related to the parent's, not identical, hence transfer.
   *
   * @throws NotFoundException when {@code parentJobId} names no job
   * @throws dev.vernier.core.InvalidInputException as {@link #submit(JobSpec)} does
   */
  JobRecord submitWarmStart(String parentJobId, WarmStartRequest request);

  Optional<JobRecord> job(String id);

  /**
   * @param state null for every state
   * @param limit 1 to 500
   */
  Page jobs(JobState state, int offset, int limit);

  /** Asks a job to stop: pending trials end, running ones stop within one epoch. */
  JobRecord stop(String id);

  /** The job's trials in number order. */
  List<TrialRecord> trials(String jobId);

  TrialDetail trial(String jobId, int number);

  /** The job's best trial so far, if any trial has an objective. */
  Optional<TrialRecord> best(String jobId);

  /**
   * What stops the job's trials, in words: the rule that decides (Hyperband's ASHA for the {@code
   * hyperband} strategy, whatever {@code earlyStopping} says) with its settings.
   */
  default String earlyStoppingRule(dev.vernier.tuner.job.JobSpec spec) {
    return spec.earlyStopping();
  }
}
