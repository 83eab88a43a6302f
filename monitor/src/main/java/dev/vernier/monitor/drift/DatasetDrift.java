package dev.vernier.monitor.drift;

import dev.vernier.core.InvalidInputException;
import java.util.Locale;

/**
 * The dataset-level verdict: a dataset drifted when at least {@code featureShare} of the features
 * that the {@code method} applies to drift by it (its decisions after the multiple-testing {@code
 * correction} when it has p-values). The same rule as a monitor's {@code drift.featureShare}.
 *
 * @param method the decision method, e.g. {@code ks}
 * @param threshold its rule as configured, e.g. {@code p < 0.05}
 * @param correction the correction the analysis applies to p-value methods
 * @param features the features the method applies to
 * @param drifted how many of them it says drifted
 * @param notScored features of another kind, which the method does not score
 * @param featureShare the share of drifted features, in (0, 1], at which the dataset drifted
 */
public record DatasetDrift(
    String method,
    Threshold threshold,
    MultipleTesting correction,
    int features,
    int drifted,
    int notScored,
    double featureShare) {

  /** A monitor's default {@code featureShare}. */
  public static final double DEFAULT_FEATURE_SHARE = 0.2;

  /** Whether the dataset drifted. */
  public enum Decision {
    DRIFT,
    NO_DRIFT
  }

  public DatasetDrift {
    if (!(featureShare > 0 && featureShare <= 1)) {
      throw new InvalidInputException("featureShare", "must be in (0, 1]", featureShare);
    }
    if (features < 1) {
      throw new InvalidInputException(
          "decision", "must be a method that applies to at least one feature", method);
    }
    if (drifted < 0 || drifted > features || notScored < 0) {
      throw new IllegalArgumentException(
          "drifted must be between 0 and " + features + ", got " + drifted);
    }
  }

  /**
   * The verdict on {@code results} by {@code method} at {@code threshold} (the method's configured
   * rule, for naming it).
   *
   * @throws InvalidInputException naming {@code decision} when the method scored no feature
   */
  public static DatasetDrift of(
      DriftResults results, String method, Threshold threshold, double featureShare) {
    int n = results.applicable(method);
    if (n == 0) {
      throw new InvalidInputException(
          "decision",
          "must be one of the methods that scored a feature "
              + results.methods().stream().filter(m -> results.applicable(m) > 0).toList(),
          method);
    }
    int drifted =
        (int)
            results.features().stream()
                .filter(f -> f.score(method).map(DriftScore::drifted).orElse(false))
                .count();
    return new DatasetDrift(
        method,
        threshold,
        results.correction(),
        n,
        drifted,
        results.features().size() - n,
        featureShare);
  }

  /** The share of the scored features that drifted. */
  public double share() {
    return (double) drifted / features;
  }

  public Decision decision() {
    return share() >= featureShare ? Decision.DRIFT : Decision.NO_DRIFT;
  }

  /**
   * The correction as it applies to this method's decisions: the analysis's for a p-value method,
   * {@code none} for a method without p-values.
   */
  public MultipleTesting appliedCorrection() {
    return threshold.usesPValue() ? correction : MultipleTesting.NONE;
  }

  /**
   * How the decision was made, e.g. {@code ks (p < 0.05, bonferroni correction across features)}.
   */
  public String rule() {
    String c =
        threshold.usesPValue()
            ? correction == MultipleTesting.NONE
                ? "no multiple-testing correction"
                : correction.id() + " correction across features"
            : "no p-values, so no multiple-testing correction";
    return method + " (" + threshold + ", " + c + ")";
  }

  /**
   * One line, e.g. {@code dataset drift: YES, 3 of 10 features drifted (30.0% >= featureShare
   * 20.0%) by ks (p < 0.05, no multiple-testing correction)}.
   */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "dataset drift: %s, %d of %d features drifted (%.1f%% %s featureShare %.1f%%) by %s%s",
        decision() == Decision.DRIFT ? "YES" : "NO",
        drifted,
        features,
        100 * share(),
        decision() == Decision.DRIFT ? ">=" : "<",
        100 * featureShare,
        rule(),
        notScored == 0
            ? ""
            : "; " + notScored + (notScored == 1 ? " feature" : " features") + " not scored by it");
  }
}
