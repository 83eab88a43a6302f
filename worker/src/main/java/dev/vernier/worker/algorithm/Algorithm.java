package dev.vernier.worker.algorithm;

import dev.vernier.core.catalog.AlgorithmSpec;
import dev.vernier.worker.artifact.ModelArtifact;

/**
 * A built-in algorithm: its catalog entry and its trainer. Registered by name through {@link
 * java.util.ServiceLoader} ({@code META-INF/services/dev.vernier.worker.algorithm.Algorithm}) and
 * found with {@link Algorithms#get}. Implementations are stateless and thread-safe; each {@link
 * #train} call is independent.
 */
public interface Algorithm {
  /** The catalog entry: hyperparameters and the metrics emitted, with their directions. */
  AlgorithmSpec spec();

  default String name() {
    return spec().name();
  }

  /**
   * Trains a model, reporting after every epoch. Hyperparameters have been resolved against {@link
   * #spec()}; rules that span several of them or the data (e.g. labels within {@code num_classes})
   * are checked here and broken with an {@link dev.vernier.core.InvalidInputException}.
   */
  TrainingResult train(TrainingRun run);

  /** Rebuilds a model from its stored artifact. */
  Model load(ModelArtifact artifact);
}
