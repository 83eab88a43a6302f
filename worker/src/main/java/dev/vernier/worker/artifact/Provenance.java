package dev.vernier.worker.artifact;

import java.util.Map;

/**
 * What made a model: enough to retrain it and to tell two models apart.
 *
 * @param hyperparameters every value used, defaults included, as text
 * @param trainDatasetSha256 {@link dev.vernier.core.data.Dataset#sha256()} of the training data
 * @param validationDatasetSha256 the same for the validation data
 * @param backend the kernels' description (backend, library, SIMD variant, threads)
 * @param createdAt ISO-8601 instant
 */
public record Provenance(
    String algorithm,
    Map<String, String> hyperparameters,
    long seed,
    String trainDataset,
    String trainDatasetSha256,
    String validationDatasetSha256,
    int trainRows,
    String backend,
    String vernierVersion,
    String createdAt) {
  public Provenance {
    hyperparameters =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(hyperparameters));
  }
}
