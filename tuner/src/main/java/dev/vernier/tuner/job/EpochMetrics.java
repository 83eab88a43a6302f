package dev.vernier.tuner.job;

import java.util.Map;

/** One epoch's metrics of one trial attempt, as a worker reported them. */
public record EpochMetrics(int attempt, int epoch, Map<String, Double> values, long recordedAt) {
  public EpochMetrics {
    values = Map.copyOf(values);
  }
}
