package dev.vernier.monitor.quality;

import java.util.Objects;

/**
 * A window whose model quality fell past the tolerance.
 *
 * @param limit the value {@code observed} crossed: baseline minus the tolerated drop for accuracy
 *     and macro-F1, baseline times one plus the tolerated rise for RMSE and MAE
 */
public record ModelViolation(
    ModelMetric metric, double baseline, double observed, double limit, String message) {
  public ModelViolation {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(message, "message");
  }
}
