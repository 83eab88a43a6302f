package dev.vernier.worker.algorithm;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.catalog.HyperparameterSpec;
import dev.vernier.core.catalog.Hyperparameters;
import dev.vernier.core.data.Dataset;
import dev.vernier.core.space.IntegerRange;

/**
 * The {@code feature_dim} hyperparameter SageMaker's built-ins take: the number of features per
 * row. Vernier reads it from the data, so 0 (SageMaker's {@code auto}) accepts any count and any
 * other value is checked against the training data before training starts.
 */
public final class FeatureDim {
  public static final String NAME = "feature_dim";

  private FeatureDim() {}

  /** The catalog entry, the same for every algorithm that takes it. */
  public static HyperparameterSpec spec() {
    return new HyperparameterSpec(
        NAME,
        IntegerRange.linear(0, Integer.MAX_VALUE),
        0L,
        false,
        "features per row; 0 (SageMaker's auto) takes them from the data, any other value must"
            + " equal the data's");
  }

  /**
   * @throws InvalidInputException naming {@code feature_dim} when it is set and differs from the
   *     training data's feature count
   */
  public static void check(Hyperparameters hp, Dataset train) {
    int given = hp.getInt(NAME);
    if (given != 0 && given != train.cols()) {
      throw new InvalidInputException(
          NAME,
          "must equal the number of features in "
              + train.name()
              + " ("
              + train.cols()
              + "), or be 0 (auto) to take it from the data",
          given);
    }
  }
}
