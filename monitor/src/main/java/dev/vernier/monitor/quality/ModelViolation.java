package dev.vernier.monitor.quality;

import java.util.List;
import java.util.Objects;

/**
 * A window whose model quality fell past the tolerance.
 *
 * @param baseline for a classifier, the baseline's figure on the same classes at the window's class
 *     mix ({@link MatchedClasses})
 * @param limit the value {@code observed} crossed: baseline minus the tolerated drop for accuracy
 *     and macro-F1, baseline times one plus the tolerated rise for RMSE and MAE
 * @param classes for a classifier, the classes both figures are over, ascending; empty for a
 *     regressor
 */
public record ModelViolation(
    ModelMetric metric,
    double baseline,
    double observed,
    double limit,
    List<Integer> classes,
    String message) {
  public ModelViolation {
    Objects.requireNonNull(metric, "metric");
    classes = List.copyOf(classes);
    Objects.requireNonNull(message, "message");
  }
}
