package dev.vernier.worker.algorithm;

/**
 * Receives each epoch's metrics as training runs and answers whether to go on. Called on the
 * training thread after every epoch; a {@link Directive#STOP} ends training after that epoch, and
 * the model as it is then is the result. Implementations must be quick (they run between epochs)
 * and must not throw: an early-stopping rule or a tuner's stop request answers STOP instead.
 */
@FunctionalInterface
public interface EpochReporter {
  Directive report(EpochReport report);

  /**
   * Asked after {@link #report} for each epoch: true when the model as it stands after this epoch
   * is the one to keep (objective aggregation {@code best}: the epoch improved the objective). An
   * algorithm that can snapshot its model returns the last kept one instead of the final model and
   * says so in {@link TrainingResult#modelEpoch()}; the others ignore it. Default: keep the final
   * model.
   */
  default boolean keepModel(EpochReport report) {
    return false;
  }

  /** A reporter that records nothing and never stops. */
  EpochReporter IGNORE = r -> Directive.CONTINUE;
}
