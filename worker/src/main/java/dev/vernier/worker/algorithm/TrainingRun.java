package dev.vernier.worker.algorithm;

import dev.vernier.core.catalog.Hyperparameters;
import dev.vernier.core.data.Dataset;
import dev.vernier.kernels.Kernels;
import java.util.Objects;

/**
 * Everything one training run needs. The kernels instance is the caller's: the algorithm uses it
 * and closes the matrices it makes, never the instance.
 *
 * @param validation held-out data for the {@code validation:*} metrics
 * @param seed the only source of randomness: the same run with the same seed trains the same model
 */
public record TrainingRun(
    Dataset train,
    Dataset validation,
    Hyperparameters hyperparameters,
    long seed,
    Kernels kernels,
    EpochReporter reporter) {
  public TrainingRun {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(validation, "validation");
    Objects.requireNonNull(hyperparameters, "hyperparameters");
    Objects.requireNonNull(kernels, "kernels");
    Objects.requireNonNull(reporter, "reporter");
    if (train.cols() != validation.cols()) {
      throw new dev.vernier.core.InvalidInputException(
          "validation",
          "must have as many features as the training data (" + train.cols() + ")",
          validation.cols());
    }
  }
}
