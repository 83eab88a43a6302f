package dev.vernier.tuner.service;

import dev.vernier.core.catalog.Direction;
import dev.vernier.tuner.job.JobRecord;
import dev.vernier.tuner.job.JobSpec;
import dev.vernier.tuner.job.TrialRecord;
import dev.vernier.tuner.job.TrialState;
import dev.vernier.tuner.storage.TrialStore;
import dev.vernier.tuner.strategy.SearchStrategy;
import dev.vernier.tuner.strategy.StrategyContext;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When a tuning job is done, as the {@link Scheduler} decides it on each tick (SageMaker's
 * completion criteria and limits, and a strategy that has nothing left to propose, as Katib and
 * Optuna's grid sampler end a study whose grid is exhausted). Plain functions over what the tick
 * read.
 */
final class CompletionCriteria {
  private CompletionCriteria() {}

  /**
   * Why the job is done, or null while it goes on: its target objective reached, its runtime limit,
   * {@code bestNotImprovedTrials} (the trials' end order), or every one of its {@code maxTrials}
   * trials ended.
   *
   * @param counts the job's trials by state, as the tick read them
   * @param trials read when the target is reached (the best trial's number) and when the job sets
   *     {@code bestNotImprovedTrials}
   */
  static String reason(
      JobRecord job, Map<TrialState, Integer> counts, long now, TrialStore trials) {
    JobSpec spec = job.spec();
    Direction dir = spec.objective().direction();
    Double target = spec.completion().targetObjectiveValue();
    if (target != null
        && job.bestObjective() != null
        && !dir.isBetter(target, job.bestObjective())) {
      // users and the API know a trial by its number (/trials/{number}), never by its row id
      String trial =
          Optional.ofNullable(job.bestTrialId())
              .flatMap(trials::find)
              .map(t -> "trial " + t.number())
              .orElse("the job's best trial");
      return "target objective "
          + target
          + " reached by "
          + trial
          + " ("
          + job.bestObjective()
          + ")";
    }
    if (spec.limits().maxRuntime() != null
        && now - job.createdAt() >= spec.limits().maxRuntime().toMillis()) {
      return "maxRuntimeSeconds " + spec.limits().maxRuntime().toSeconds() + " reached";
    }
    Integer patience = spec.completion().bestNotImprovedTrials();
    if (patience != null) {
      List<TrialRecord> ended =
          trials.trials(job.id()).stream()
              .filter(t -> t.state().isTerminal() && t.endedAt() != null)
              .sorted(
                  Comparator.comparingLong(TrialRecord::endedAt).thenComparingLong(TrialRecord::id))
              .toList();
      Double best = null;
      int since = 0;
      for (TrialRecord t : ended) {
        if (t.objective() != null && (best == null || dir.isBetter(t.objective(), best))) {
          best = t.objective();
          since = 0;
        } else {
          since++;
        }
      }
      if (best != null && since >= patience) {
        return "the best objective did not improve in the last "
            + since
            + " trials (bestNotImprovedTrials "
            + patience
            + ")";
      }
    }
    int terminal =
        counts.get(TrialState.COMPLETED)
            + counts.get(TrialState.STOPPED)
            + counts.get(TrialState.FAILED);
    if (job.trialsCreated() >= spec.limits().maxTrials() && terminal == job.trialsCreated()) {
      return "all " + spec.limits().maxTrials() + " trials ended";
    }
    return null;
  }

  /**
   * Why the job is done when its strategy proposed nothing ({@link SearchStrategy#exhausted}, e.g.
   * every point of a grid smaller than {@code maxTrials} tried), or null while trials still run or
   * wait (they may end it otherwise; the next tick asks again) or the strategy says an empty
   * proposal is not its end.
   *
   * @param unfinished the job's pending and running trials, as the tick read them
   */
  static String exhausted(SearchStrategy strategy, StrategyContext ctx, int unfinished) {
    if (unfinished > 0) {
      return null;
    }
    return strategy.exhausted(ctx).orElse(null);
  }

  /** The first three failed trials' reasons, for a job that ends FAILED. */
  static String failures(List<TrialRecord> all) {
    return all.stream()
        .filter(t -> t.state() == TrialState.FAILED)
        .map(t -> "trial " + t.number() + ": " + t.stateReason())
        .limit(3)
        .reduce((a, b) -> a + "; " + b)
        .orElse("no trial ran");
  }
}
