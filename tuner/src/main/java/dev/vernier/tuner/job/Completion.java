package dev.vernier.tuner.job;

/**
 * When a job may end before its max trials (SageMaker's TuningJobCompletionCriteria).
 *
 * @param targetObjectiveValue stop once a trial reaches it; null for none
 * @param bestNotImprovedTrials stop once this many trials in a row did not improve the best; null
 *     for none
 */
public record Completion(Double targetObjectiveValue, Integer bestNotImprovedTrials) {
  public static final Completion NONE = new Completion(null, null);
}
