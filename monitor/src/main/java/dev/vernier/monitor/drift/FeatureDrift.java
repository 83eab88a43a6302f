package dev.vernier.monitor.drift;

import java.util.List;
import java.util.Optional;

/**
 * One feature's scores, one per method that applies to its kind, in the analysis's method order.
 *
 * @param index the column, from 0
 * @param name the feature's name, {@code f<index>} unless names were given
 */
public record FeatureDrift(int index, String name, FeatureKind kind, List<DriftScore> scores) {
  public FeatureDrift {
    scores = List.copyOf(scores);
  }

  /** Whether any method says this feature drifted. */
  public boolean drifted() {
    return scores.stream().anyMatch(DriftScore::drifted);
  }

  /** How many methods say it drifted. */
  public int driftedCount() {
    return (int) scores.stream().filter(DriftScore::drifted).count();
  }

  /** The score of {@code method}, when it applies to this feature. */
  public Optional<DriftScore> score(String method) {
    return scores.stream().filter(s -> s.method().equals(method)).findFirst();
  }
}
