package dev.vernier.tuner.service;

import com.fasterxml.jackson.databind.JsonNode;
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

  /** Validates and stores a job written in Vernier's JSON format; it starts at the next tick. */
  JobRecord submit(JsonNode json);

  /**
   * Stores a job the service built itself (the monitor's retraining jobs): its files may lie under
   * the data roots or the service's own folders ({@link
   * dev.vernier.tuner.job.DataRoots#withServiceRoots}), which users' jobs cannot name.
   */
  JobRecord submit(JobSpec spec);

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
