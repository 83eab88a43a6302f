package dev.vernier.monitor.quality;

import java.util.List;

/**
 * Data quality of one window: counts per feature, in schema order, and the violated constraints.
 */
public record DataQualityReport(
    long rows, List<FeatureQuality> features, List<Violation> violations) {
  public DataQualityReport {
    features = List.copyOf(features);
    violations = List.copyOf(violations);
  }

  public boolean ok() {
    return violations.isEmpty();
  }
}
