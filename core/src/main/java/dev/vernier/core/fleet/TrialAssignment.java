package dev.vernier.core.fleet;

import java.util.Map;

/**
 * What a worker receives with a lease: everything needed to run one trial attempt, nothing about
 * the job's other trials.
 *
 * @param leaseId quote it in every heartbeat and in the report
 * @param algorithm a built-in algorithm's name, or null for a command
 * @param command a registered command's name, or null for a built-in algorithm
 * @param hyperparameters every value, static and tuned, as text
 * @param channels channel name ({@code train}, {@code validation}) to its data
 * @param seed the trial's seed (derived from the job's seed and the trial number)
 * @param objectiveMetric the metric the job optimises, to report as the objective
 * @param metricDefinitions for commands: metric name to the regex whose first group is its value
 * @param maxRuntimeSeconds 0 for no limit
 * @param heartbeatSeconds how often to heartbeat at least (the lease lasts three times longer)
 * @param objectiveAggregation {@code latest} (also when null: older services) or {@code best}: keep
 *     the model of the epoch whose objective is best in {@code objectiveDirection}, and report that
 *     epoch's value
 * @param objectiveDirection whether the objective is minimised or maximised; null for {@code
 *     latest}
 */
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
public record TrialAssignment(
    String leaseId,
    String jobId,
    long trialId,
    int trialNumber,
    int attempt,
    String algorithm,
    String command,
    Map<String, String> hyperparameters,
    Map<String, ChannelData> channels,
    long seed,
    String objectiveMetric,
    Map<String, String> metricDefinitions,
    long maxRuntimeSeconds,
    long heartbeatSeconds,
    String objectiveAggregation,
    dev.vernier.core.catalog.Direction objectiveDirection) {

  /**
   * A data channel: a file or folder, its labels file for IDX, and its format ({@code auto} to
   * detect).
   *
   * @param path the service's real path: a worker that shares the service's file system opens it
   * @param name {@code path} relative to the service's data root it lies under, or null when it
   *     lies under none (the service's own folders): a worker whose data roots are mounted
   *     elsewhere finds the file by this name under its own roots
   * @param labelsName {@code labels} relative to its data root, or null
   */
  @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
  public record ChannelData(
      String path, String labels, String format, String name, String labelsName) {
    /** A channel read only by its path (no data-root names: older services, local runs). */
    public ChannelData(String path, String labels, String format) {
      this(path, labels, format, null, null);
    }
  }

  /** An assignment whose objective is the last epoch's value. */
  public TrialAssignment(
      String leaseId,
      String jobId,
      long trialId,
      int trialNumber,
      int attempt,
      String algorithm,
      String command,
      Map<String, String> hyperparameters,
      Map<String, ChannelData> channels,
      long seed,
      String objectiveMetric,
      Map<String, String> metricDefinitions,
      long maxRuntimeSeconds,
      long heartbeatSeconds) {
    this(
        leaseId,
        jobId,
        trialId,
        trialNumber,
        attempt,
        algorithm,
        command,
        hyperparameters,
        channels,
        seed,
        objectiveMetric,
        metricDefinitions,
        maxRuntimeSeconds,
        heartbeatSeconds,
        "latest",
        null);
  }

  /** True when the best epoch's model and value count ({@code objectiveAggregation best}). */
  public boolean keepsBestEpoch() {
    return "best".equals(objectiveAggregation) && objectiveDirection != null;
  }

  public TrialAssignment {
    // JSON peers may omit empty maps
    hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
    channels = channels == null ? Map.of() : Map.copyOf(channels);
    metricDefinitions = metricDefinitions == null ? Map.of() : Map.copyOf(metricDefinitions);
    objectiveAggregation = objectiveAggregation == null ? "latest" : objectiveAggregation;
  }
}
