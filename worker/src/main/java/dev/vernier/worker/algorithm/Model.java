package dev.vernier.worker.algorithm;

import dev.vernier.core.data.Dataset;
import dev.vernier.kernels.Kernels;
import dev.vernier.worker.artifact.Tensors;

/**
 * A trained model's parameters. Immutable after training; {@link #predict} may be called from any
 * thread with its own kernels instance.
 */
public interface Model {
  /** The catalog name of the algorithm that made it. */
  String algorithm();

  /** The number of features an input row must have. */
  int features();

  /** The names of the prediction columns {@link #predict} writes, e.g. {@code predicted_label}. */
  java.util.List<String> outputColumns();

  /**
   * Predicts every row of {@code data}.
   *
   * @throws dev.vernier.core.InvalidInputException when the data has the wrong number of features
   */
  Predictions predict(Dataset data, Kernels kernels);

  /** The parameters to store, by name; {@link Algorithm#load} reverses it. */
  Tensors tensors();

  /** Small settings needed to rebuild the model besides tensors (e.g. activation, task). */
  java.util.Map<String, String> settings();
}
