package dev.vernier.tuner.stopping;

import dev.vernier.core.InvalidInputException;
import java.util.Locale;

/**
 * The median (percentile) stopping rule's settings, as a job gives them: {@code "earlyStopping":
 * {"type": "median", "minTrials": 4, "minEpochs": 1, "percentile": 25, "minRankCorrelation": 0.5}}.
 * {@code auto} is {@link #DEFAULTS}.
 *
 * @param minTrials the rule decides at an epoch only when at least this many other trials reported
 *     it (1 to 1000)
 * @param minEpochs the rule never stops a trial before it reported this many epochs (1 to 10000)
 * @param percentile a trial goes on while its best value so far is at least as good as this
 *     percentile of the others' running averages, counted from the best: 50 is the median, 25 keeps
 *     only trials in the best quarter (more stopping), 75 stops only the worst quarter (1 to 100)
 * @param minRankCorrelation the rule decides at epoch {@code e} only when the job's completed
 *     trials (at least {@link #RANK_CHECK_TRIALS} that ran past {@code e}) show that epoch {@code
 *     e} predicts a result: their running averages at {@code e} and their objectives have a
 *     Spearman rank correlation of at least this (0 to 1); null: no such check, the rule decides
 *     from {@code minEpochs} on whatever the curves look like
 */
public record MedianRule(
    int minTrials, int minEpochs, double percentile, Double minRankCorrelation) {

  /** The fewest completed trials whose ranks the {@link #minRankCorrelation()} check compares. */
  public static final int RANK_CHECK_TRIALS = 3;

  /**
   * {@code auto}'s settings: from the first epoch, once 4 other trials reported it, a trial goes on
   * while its best so far is in the best quarter of their running averages, at the epochs where the
   * job's own completed trials show that early running averages rank as the objectives do (Spearman
   * 0.5 or more). Where curves are smooth that is epoch 1; where a trial's accuracy swings by
   * several points between epochs (a high learning rate on few rows), early ranks say little and
   * the rule waits. Chosen by replaying recorded curves ({@code bench decisions --curves}, {@code
   * MedianReplay}: random 16 x 9, the MLP on Fashion-MNIST, 2 slots; figures in {@code
   * bench/decisions-median.md}).
   */
  public static final MedianRule DEFAULTS = new MedianRule(4, 1, 25, 0.5);

  /**
   * {@code auto}'s settings from issue 17's first change until the rank check: from epoch 3, the
   * median, 5 other trials, no rank check. It kept the best trial but saved only 4-29% of the
   * epochs on the MLP over Fashion-MNIST.
   */
  public static final MedianRule CAUTIOUS = new MedianRule(5, 3, 50);

  /** What jobs stored before the rule had settings ran with: 5 trials, from epoch 1, the median. */
  public static final MedianRule LEGACY = new MedianRule(5, 1, 50);

  /** Settings without the rank check. */
  public MedianRule(int minTrials, int minEpochs, double percentile) {
    this(minTrials, minEpochs, percentile, null);
  }

  public MedianRule {
    if (minTrials < 1 || minTrials > 1000) {
      throw new InvalidInputException("minTrials", "must be between 1 and 1000", minTrials);
    }
    if (minEpochs < 1 || minEpochs > 10000) {
      throw new InvalidInputException("minEpochs", "must be between 1 and 10000", minEpochs);
    }
    if (!(percentile >= 1 && percentile <= 100)) {
      throw new InvalidInputException("percentile", "must be between 1 and 100", percentile);
    }
    if (minRankCorrelation != null && !(minRankCorrelation >= 0 && minRankCorrelation <= 1)) {
      throw new InvalidInputException(
          "minRankCorrelation", "must be between 0 and 1", minRankCorrelation);
    }
  }

  /**
   * For a job document: {@code median (minTrials 4, minEpochs 1, percentile 25, minRankCorrelation
   * 0.5)}.
   */
  public String describe() {
    return "median (minTrials "
        + minTrials
        + ", minEpochs "
        + minEpochs
        + ", percentile "
        + fmt(percentile)
        + (minRankCorrelation == null ? "" : ", minRankCorrelation " + fmt(minRankCorrelation))
        + ")";
  }

  static String fmt(double p) {
    return p == Math.rint(p) ? Long.toString((long) p) : String.format(Locale.ROOT, "%s", p);
  }
}
