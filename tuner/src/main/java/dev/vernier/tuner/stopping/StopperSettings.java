package dev.vernier.tuner.stopping;

import dev.vernier.core.InvalidInputException;

/**
 * A job's early-stopping settings; each stopper reads the ones it needs.
 *
 * @param minEpochs Hyperband's first rung, in epochs (default 1)
 * @param eta Hyperband's reduction factor: a rung keeps the best {@code 1/eta} (default 3)
 * @param maxEpochs the largest number of epochs a trial trains for; Hyperband's rungs lie below it
 * @param median the median rule's settings (default {@link MedianRule#DEFAULTS})
 */
public record StopperSettings(int minEpochs, int eta, int maxEpochs, MedianRule median) {

  public StopperSettings {
    if (minEpochs < 1) {
      throw new InvalidInputException("minEpochs", "must be at least 1", minEpochs);
    }
    if (eta < 2) {
      throw new InvalidInputException(
          "eta", "Hyperband's reduction factor must be at least 2", eta);
    }
    if (maxEpochs < 1) {
      throw new InvalidInputException("maxEpochs", "must be at least 1", maxEpochs);
    }
    if (median == null) {
      throw new InvalidInputException("median", "the median rule's settings are required", null);
    }
  }

  /** The defaults for a job whose trials train up to {@code maxEpochs} epochs. */
  public static StopperSettings defaults(int maxEpochs) {
    return new StopperSettings(1, 3, Math.max(1, maxEpochs), MedianRule.DEFAULTS);
  }

  /**
   * The settings a job's stopper runs under: the defaults for {@code maxEpochs}, with the job's own
   * median rule when it has one (null: the defaults').
   */
  public static StopperSettings forJob(int maxEpochs, MedianRule median) {
    StopperSettings s = defaults(maxEpochs);
    return median == null ? s : s.withMedian(median);
  }

  /** These settings with the median rule's replaced. */
  public StopperSettings withMedian(MedianRule rule) {
    return new StopperSettings(minEpochs, eta, maxEpochs, rule);
  }
}
