package dev.vernier.tuner.api;

import dev.vernier.core.fleet.EpochUpdate;
import dev.vernier.core.fleet.TrialAssignment;
import dev.vernier.tuner.job.JobState;
import dev.vernier.tuner.job.TrialState;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The shapes of the tuner's JSON bodies, for the OpenAPI document. {@link Views} writes the
 * responses as trees; these records name their fields and types, and change with it. Times are
 * ISO-8601 instants.
 */
public final class TunerSchemas {
  private TunerSchemas() {}

  /** The job spec as submitted (see the job spec reference); the answer echoes it under spec. */
  @Schema(
      name = "JobSpec",
      description =
          "A tuning job: name, algorithm or command, channels, objective, hyperparameter ranges,"
              + " strategy, limits, early stopping, completion, warm start, seed, metric"
              + " definitions. With format=sagemaker, a SageMaker CreateHyperParameterTuningJob"
              + " request instead.",
      additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
  public record JobSpecBody(String name, String algorithm, String command, String strategy) {}

  @Schema(name = "Objective")
  public record Objective(
      String metric,
      @Schema(
              type = "string",
              allowableValues = {"Minimize", "Maximize"})
          String type,
      @Schema(
              type = "string",
              allowableValues = {"latest", "best"},
              description = "which epoch's value is a trial's objective: the last or the best")
          String aggregation) {}

  @Schema(name = "JobTrialCounts")
  public record TrialCounts(
      int created,
      int max,
      int maxParallel,
      @Schema(description = "trials by state (the job's own view, not in lists)", nullable = true)
          Map<TrialState, Integer> byState) {}

  @Schema(name = "BestTrial")
  public record Best(
      long trialId,
      double objective,
      @Schema(nullable = true) Integer trialNumber,
      @Schema(nullable = true) Map<String, Object> hyperparameters) {}

  @Schema(name = "JobScheduling")
  public record Scheduling(
      @Schema(description = "the service replica that makes the job's scheduling decisions")
          String replica,
      @Schema(
              description =
                  "when its scheduling lease runs out unless renewed (epoch milliseconds); another"
                      + " replica takes the job over after it")
          long leaseUntil) {}

  @Schema(name = "Job")
  public record Job(
      String id,
      JobState state,
      @Schema(nullable = true) String stateReason,
      String strategy,
      @Schema(description = "a built-in algorithm; absent when command is set") String algorithm,
      @Schema(description = "a registered command; absent when algorithm is set") String command,
      Objective objective,
      TrialCounts trials,
      @Schema(nullable = true, description = "absent until a trial has an objective") Best best,
      @Schema(
              description =
                  "what stops the job's trials, with its settings: e.g. 'hyperband (ASHA, eta 3,"
                      + " rungs 1/3/9 of 27 epochs)', 'median (minTrials 4, minEpochs 1,"
                      + " percentile 25, minRankCorrelation 0.5) (auto)', 'off'")
          String earlyStopping,
      boolean stopRequested,
      @Schema(
              nullable = true,
              description =
                  "which service replica schedules the job (absent while none has): with several"
                      + " replicas on one database, one at a time decides for a job")
          Scheduling scheduling,
      @Schema(format = "date-time") String createdAt,
      @Schema(format = "date-time") String updatedAt,
      @Schema(format = "date-time", nullable = true) String endedAt,
      @Schema(description = "the job spec, normalized") Map<String, Object> spec,
      @Schema(description = "with format=sagemaker: the request's fields that were not used")
          List<String> ignoredFields) {}

  @Schema(name = "JobPage")
  public record JobPage(List<Job> jobs, long total, int offset, int limit) {}

  private static final String OBJECTIVE_EPOCH =
      "the epoch the objective comes from: the best epoch under the objective's aggregation"
          + " 'best', the last reported under 'latest'; null without an objective, or when the"
          + " worker reported no epochs";

  @Schema(name = "Trial")
  public record Trial(
      String jobId,
      int number,
      long id,
      TrialState state,
      @Schema(nullable = true) String stateReason,
      Map<String, Object> hyperparameters,
      int attempt,
      @Schema(nullable = true) Double objective,
      int epochs,
      @Schema(nullable = true, description = OBJECTIVE_EPOCH) Integer objectiveEpoch,
      @Schema(nullable = true) String workerId,
      @Schema(nullable = true) String artifactPath,
      @Schema(format = "date-time") String createdAt,
      @Schema(format = "date-time", nullable = true) String startedAt,
      @Schema(format = "date-time", nullable = true) String endedAt) {}

  @Schema(name = "TrialList")
  public record TrialList(
      List<Trial> trials,
      @Schema(description = "how many trials the job has") int total,
      @Schema(description = "paged answers only: the after asked for", nullable = true)
          Integer after,
      @Schema(description = "paged answers only: the page size used", nullable = true)
          Integer limit,
      @Schema(
              description =
                  "paged answers only: the last number of the run above after (after when it is"
                      + " empty); the next page's, or the next poll's, after",
              nullable = true)
          Integer nextAfter,
      @Schema(
              description = "paged answers only: whether trials numbered above nextAfter exist",
              nullable = true)
          Boolean hasMore) {}

  @Schema(name = "EpochMetrics")
  public record EpochMetrics(int attempt, int epoch, Map<String, Double> values) {}

  @Schema(name = "StopDecision")
  public record StopDecision(
      int attempt,
      int epoch,
      String decision,
      String reason,
      @Schema(format = "date-time") String decidedAt,
      @Schema(
              description =
                  "the figures the decision was made from, e.g. epoch, value (the trial's best so"
                      + " far), percentileValue (the others' running averages' percentile),"
                      + " comparedWith (how many trials), rankCorrelation and rankCheckedWith (how"
                      + " well the completed trials' running averages at this epoch ranked their"
                      + " objectives, over how many), minTrials, minEpochs, percentile,"
                      + " minRankCorrelation")
          java.util.Map<String, Double> inputs) {}

  @Schema(name = "TrialDetail", description = "a trial with its metrics and stopping decisions")
  public record TrialDetail(
      String jobId,
      int number,
      long id,
      TrialState state,
      @Schema(nullable = true) String stateReason,
      Map<String, Object> hyperparameters,
      int attempt,
      @Schema(nullable = true) Double objective,
      int epochs,
      @Schema(nullable = true, description = OBJECTIVE_EPOCH) Integer objectiveEpoch,
      @Schema(nullable = true) String workerId,
      @Schema(nullable = true) String artifactPath,
      @Schema(format = "date-time") String createdAt,
      @Schema(format = "date-time", nullable = true) String startedAt,
      @Schema(format = "date-time", nullable = true) String endedAt,
      List<EpochMetrics> metrics,
      List<StopDecision> stopDecisions) {}

  @Schema(name = "WorkerRegistration")
  public record WorkerRegistration(
      @Schema(pattern = "[A-Za-z0-9._-]{1,64}", requiredMode = Schema.RequiredMode.REQUIRED)
          String name,
      int slots,
      @Schema(
              description = "changes when the worker restarts",
              requiredMode = Schema.RequiredMode.REQUIRED)
          String bootId) {}

  @Schema(name = "WorkerId")
  public record WorkerId(
      String workerId,
      @Schema(
              description =
                  "this registration's secret: send it in the Vernier-Worker-Secret header of the"
                      + " worker's later calls; shown once, replaced by the next registration")
          String workerSecret) {}

  @Schema(name = "Heartbeat")
  public record Heartbeat(List<EpochUpdate> epochs) {}

  @Schema(name = "ArtifactPath")
  public record ArtifactPath(String path) {}

  @Schema(name = "ReportAck")
  public record ReportAck(
      @Schema(description = "what the service did with the report") String ack,
      @Schema(description = "with ?next=<workerId>: that worker's next trial, or null")
          TrialAssignment next) {}
}
