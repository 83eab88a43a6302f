package dev.vernier.core.fleet;

import java.util.Map;

/** One finished epoch of a trial attempt: its 1-based number and metric values. */
public record EpochUpdate(int epoch, Map<String, Double> metrics) {
  public EpochUpdate {
    metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
  }
}
