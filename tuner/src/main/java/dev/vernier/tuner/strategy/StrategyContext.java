package dev.vernier.tuner.strategy;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.Direction;
import dev.vernier.core.space.SearchSpace;
import java.util.List;

/**
 * Everything a strategy may look at when it proposes: a read-only view of one job.
 *
 * @param jobId identifies the job, so a strategy may keep a cache per job; null means "do not
 *     cache". A cache never changes a result, only how long it takes.
 * @param space the job's search space
 * @param direction whether the job minimises or maximises its objective; strategies minimise {@code
 *     direction.toLoss(objective)}
 * @param seed the job's seed; with the same history it fixes every proposal
 * @param trials the job's own trials in id order, in every state
 * @param priorObservations warm start {@code identical-data}: parents' trials, used as if this job
 *     had run them
 * @param priorTransfer warm start {@code transfer}: parents' trials, used as a prior that this
 *     job's own results overrule
 * @param maxTrials the job's trial limit
 * @param maxEpochs the largest number of epochs a trial trains for (the resource Hyperband shares
 *     out); 0 when the algorithm has no epochs
 */
public record StrategyContext(
    String jobId,
    SearchSpace space,
    Direction direction,
    long seed,
    List<TrialView> trials,
    List<TrialView> priorObservations,
    List<TrialView> priorTransfer,
    int maxTrials,
    int maxEpochs) {

  public StrategyContext {
    if (space == null) {
      throw new InvalidInputException("space", "a strategy needs a search space", null);
    }
    if (direction == null) {
      throw new InvalidInputException("direction", "a strategy needs a direction", null);
    }
    if (maxTrials < 1) {
      throw new InvalidInputException("maxTrials", "must be at least 1", maxTrials);
    }
    if (maxEpochs < 0) {
      throw new InvalidInputException("maxEpochs", "must be 0 (no epochs) or more", maxEpochs);
    }
    trials = trials == null ? List.of() : List.copyOf(trials);
    priorObservations = priorObservations == null ? List.of() : List.copyOf(priorObservations);
    priorTransfer = priorTransfer == null ? List.of() : List.copyOf(priorTransfer);
  }

  /** A cold-start context without warm start and without epochs. */
  public static StrategyContext of(
      String jobId,
      SearchSpace space,
      Direction direction,
      long seed,
      List<TrialView> trials,
      int maxTrials) {
    return new StrategyContext(
        jobId, space, direction, seed, trials, List.of(), List.of(), maxTrials, 0);
  }

  /** This context with another trial list (and nothing else changed). */
  public StrategyContext withTrials(List<TrialView> newTrials) {
    return new StrategyContext(
        jobId,
        space,
        direction,
        seed,
        newTrials,
        priorObservations,
        priorTransfer,
        maxTrials,
        maxEpochs);
  }
}
