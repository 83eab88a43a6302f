package dev.vernier.tuner.stopping;

import dev.vernier.core.InvalidInputException;

/**
 * A job's early-stopping settings; each stopper reads the ones it needs.
 *
 * @param minTrials the median rule decides only when at least this many other trials reported the
 *     epoch (default 5)
 * @param minEpochs no rule stops a trial before this many epochs (default 1)
 * @param eta Hyperband's reduction factor: a rung keeps the best {@code 1/eta} (default 3)
 * @param maxEpochs the largest number of epochs a trial trains for; Hyperband's rungs lie below it
 */
public record StopperSettings(int minTrials, int minEpochs, int eta, int maxEpochs) {

  public StopperSettings {
    if (minTrials < 1) {
      throw new InvalidInputException("minTrials", "must be at least 1", minTrials);
    }
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
  }

  /** The defaults for a job whose trials train up to {@code maxEpochs} epochs. */
  public static StopperSettings defaults(int maxEpochs) {
    return new StopperSettings(5, 1, 3, Math.max(1, maxEpochs));
  }
}
