package dev.vernier.monitor.drift;

import dev.vernier.core.InvalidInputException;
import java.util.Locale;

/**
 * How a {@link DriftScore} decides "drifted": by its p-value ({@code p < alpha}) or by its
 * statistic ({@code statistic > limit}).
 *
 * <p>{@link Rule#STATISTIC_ABOVE_BASELINE_STD} is a rule a method can only resolve once it has seen
 * the baseline: the limit is {@code value} times the baseline's standard deviation (population,
 * ddof 0). {@link DriftMethod.Fitted#threshold()} is always resolved to one of the two other rules.
 *
 * @param rule what is compared
 * @param value alpha in (0, 1) for p-values; a limit >= 0 (or a factor >= 0) for statistics
 */
public record Threshold(Rule rule, double value) {

  /** What a threshold compares. */
  public enum Rule {
    /** Drifted when {@code pValue < value}. */
    P_VALUE_BELOW,
    /** Drifted when {@code statistic > value}. */
    STATISTIC_ABOVE,
    /** Drifted when {@code statistic > value * std(baseline)}; resolved at fit time. */
    STATISTIC_ABOVE_BASELINE_STD
  }

  public Threshold {
    if (rule == null) {
      throw new InvalidInputException("threshold.rule", "is required", null);
    }
    if (rule == Rule.P_VALUE_BELOW && !(value > 0 && value < 1)) {
      throw new InvalidInputException(
          "threshold.alpha", "must be between 0 and 1 (exclusive)", value);
    }
    if (rule != Rule.P_VALUE_BELOW && !(value >= 0 && Double.isFinite(value))) {
      throw new InvalidInputException("threshold.limit", "must be finite and >= 0", value);
    }
  }

  /** Drifted when {@code p < alpha}. */
  public static Threshold pValueBelow(double alpha) {
    return new Threshold(Rule.P_VALUE_BELOW, alpha);
  }

  /** Drifted when {@code statistic > limit}. */
  public static Threshold statisticAbove(double limit) {
    return new Threshold(Rule.STATISTIC_ABOVE, limit);
  }

  /** Drifted when {@code statistic > factor * std(baseline)}. */
  public static Threshold statisticAboveBaselineStd(double factor) {
    return new Threshold(Rule.STATISTIC_ABOVE_BASELINE_STD, factor);
  }

  /** Whether the rule needs a p-value. */
  public boolean usesPValue() {
    return rule == Rule.P_VALUE_BELOW;
  }

  /** Whether {@link #drifted} can be called: every rule but the baseline-relative one. */
  public boolean isResolved() {
    return rule != Rule.STATISTIC_ABOVE_BASELINE_STD;
  }

  /** This threshold with a baseline-relative limit turned into an absolute one. */
  public Threshold resolve(double baselineStd) {
    return isResolved() ? this : statisticAbove(value * baselineStd);
  }

  /** The decision for one score; only for resolved thresholds. */
  public boolean drifted(double statistic, double pValue) {
    return switch (rule) {
      case P_VALUE_BELOW -> pValue < value;
      case STATISTIC_ABOVE -> statistic > value;
      case STATISTIC_ABOVE_BASELINE_STD ->
          throw new IllegalStateException("resolve the threshold against the baseline first");
    };
  }

  /** E.g. {@code p < 0.05} or {@code statistic > 0.2}. */
  @Override
  public String toString() {
    return switch (rule) {
      case P_VALUE_BELOW -> "p < " + format(value);
      case STATISTIC_ABOVE -> "statistic > " + format(value);
      case STATISTIC_ABOVE_BASELINE_STD -> "statistic > " + format(value) + " * std(baseline)";
    };
  }

  private static String format(double v) {
    return String.format(Locale.ROOT, "%.6g", v).replaceFirst("\\.?0+(e|$)", "$1");
  }
}
