package dev.vernier.worker.algorithm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics of one finished epoch (for k-means: one Lloyd iteration), in the order the algorithm
 * declares them, with the wall-clock seconds the epoch took (training and evaluation).
 *
 * @param epoch 1-based
 */
public record EpochReport(int epoch, Map<String, Double> metrics, double seconds) {
  public EpochReport {
    if (epoch < 1) {
      throw new IllegalArgumentException("epoch must be >= 1, got " + epoch);
    }
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }
}
