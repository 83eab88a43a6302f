package dev.vernier.monitor.baseline;

import dev.vernier.core.InvalidInputException;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a baseline came from: the data (name and content hash), the model whose predictions were
 * profiled, the Vernier version that built it and when.
 *
 * @param datasetSha256 {@link dev.vernier.core.data.Dataset#sha256()}
 * @param modelId null when the baseline was built without a model
 * @param modelAlgorithm null when unknown or without a model
 */
public record BaselineProvenance(
    String datasetName,
    String datasetSha256,
    long rows,
    String modelId,
    String modelAlgorithm,
    String vernierVersion,
    Instant createdAt) {
  public BaselineProvenance {
    Objects.requireNonNull(datasetName, "datasetName");
    Objects.requireNonNull(datasetSha256, "datasetSha256");
    Objects.requireNonNull(vernierVersion, "vernierVersion");
    Objects.requireNonNull(createdAt, "createdAt");
    if (rows < 0) {
      throw new InvalidInputException("provenance.rows", "must not be negative", rows);
    }
  }
}
