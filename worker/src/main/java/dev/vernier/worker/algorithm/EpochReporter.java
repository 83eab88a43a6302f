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

  /** A reporter that records nothing and never stops. */
  EpochReporter IGNORE = r -> Directive.CONTINUE;
}
