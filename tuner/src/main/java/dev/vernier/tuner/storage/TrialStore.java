package dev.vernier.tuner.storage;

import dev.vernier.tuner.job.EpochMetrics;
import dev.vernier.tuner.job.StopDecisionRecord;
import dev.vernier.tuner.job.TrialRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Trials, their metric history and their stop decisions.
 *
 * <p><b>Who calls it:</b> the scheduler (proposals, decisions), the tuning service and the REST
 * views (reading); trials change state through {@link FleetStore}'s leases, never here, except a
 * job stop ({@link #requestStopAll}).
 *
 * <p><b>Threads and transactions:</b> implementations are thread-safe and safe for several replicas
 * on one database; each method is one transaction. {@link #addProposals} is a compare-and-set on
 * the job's trial count, so racing schedulers add each trial once.
 *
 * <p><b>Ownership:</b> returned records and collections are the caller's snapshots.
 *
 * <p><b>Errors:</b> an unknown job or trial id is an empty result, never an exception; a database
 * failure is an unchecked exception of the implementation (jOOQ's {@code DataAccessException}).
 *
 * <p>The contract is {@code TrialStoreContractTest}; every database the tuner supports runs it.
 */
public interface TrialStore {

  /**
   * Appends proposed trials (PENDING) to a job, numbered after the ones it has, if and only if the
   * job still has {@code expectedCreated} trials and room below its max trials; otherwise adds
   * nothing. This compare-and-set keeps two schedulers (or a restarted one) from proposing the same
   * trial twice.
   *
   * @param configs typed hyperparameter values (Double, Long, String), one map per trial
   * @return the new trials, or an empty list when the job moved on meanwhile
   */
  List<TrialRecord> addProposals(
      String jobId, int expectedCreated, List<Map<String, Object>> configs, long now);

  /**
   * Every trial's values of one metric in its current attempt, by epoch: what early stopping and
   * Hyperband compare. One query for the whole job.
   *
   * @return trial id to values, element {@code e - 1} being epoch {@code e}
   */
  Map<Long, List<Double>> history(String jobId, String metric);

  /**
   * {@link #history(String, String)} of the given trials of the job only (an early-stopping
   * decision reads the trials still running and those that ended since its last read).
   */
  default Map<Long, List<Double>> history(
      String jobId, String metric, java.util.Collection<Long> trialIds) {
    Map<Long, List<Double>> all = new java.util.LinkedHashMap<>(history(jobId, metric));
    all.keySet().retainAll(new java.util.HashSet<>(trialIds));
    return all;
  }

  /** How many trials of all jobs are in each state (for metrics). */
  Map<dev.vernier.tuner.job.TrialState, Integer> countByState();

  /** How many of one job's trials are in each state. */
  Map<dev.vernier.tuner.job.TrialState, Integer> countByState(String jobId);

  /** A job's trials in number order. */
  List<TrialRecord> trials(String jobId);

  /**
   * The job's trials numbered above {@code afterNumber}, in number order, as proposed (what never
   * changes about a trial; a tick of a strategy that ignores results needs nothing else).
   */
  List<dev.vernier.tuner.job.ProposedTrial> proposedSince(String jobId, int afterNumber);

  Optional<TrialRecord> find(long trialId);

  /**
   * The provenance its worker reported with the trial's model (a JSON object: algorithm,
   * hyperparameters, seed, datasets' hashes, backend, versions); empty until a report carried one.
   */
  Optional<String> provenance(long trialId);

  /** Every stored epoch of a trial (all attempts), in attempt then epoch order. */
  List<EpochMetrics> metrics(long trialId);

  /** A trial's stop decisions in the order they were made. */
  List<StopDecisionRecord> decisions(long trialId);

  /**
   * Records an early-stopping decision; a {@code STOP} also flags the trial so its worker's next
   * heartbeat is told to stop. A second decision for the same attempt and epoch is ignored.
   */
  void recordDecision(long trialId, StopDecisionRecord decision);

  /** Flags every trial of the job that has not ended to stop (a job stop). */
  void requestStopAll(String jobId, long now);
}
