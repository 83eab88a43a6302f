package dev.vernier.monitor.drift;

/**
 * One method's verdict on one feature: an effect size first, a p-value where the method has one.
 *
 * @param method the {@link DriftMethod#name()} that computed it
 * @param statistic the effect size: finite, >= 0, and 0 when the samples agree
 * @param pValue in [0, 1], or NaN for methods without one
 * @param threshold the resolved rule the decision used
 * @param drifted the decision; after a {@link MultipleTesting} correction it may differ from what
 *     {@code threshold} alone says, see {@link #withDrifted}
 */
public record DriftScore(
    String method, double statistic, double pValue, Threshold threshold, boolean drifted) {

  public DriftScore {
    if (method == null || method.isBlank()) {
      throw new IllegalArgumentException("method must be named");
    }
    if (!(statistic >= 0) || !Double.isFinite(statistic)) {
      throw new IllegalArgumentException(
          method + ": statistic must be finite and >= 0, got " + statistic);
    }
    if (!Double.isNaN(pValue) && !(pValue >= 0 && pValue <= 1)) {
      throw new IllegalArgumentException(
          method + ": p-value must be in [0, 1] or NaN, got " + pValue);
    }
    if (threshold == null || !threshold.isResolved()) {
      throw new IllegalArgumentException(method + ": needs a resolved threshold, got " + threshold);
    }
    if (threshold.usesPValue() && Double.isNaN(pValue)) {
      throw new IllegalArgumentException(method + ": a p-value threshold needs a p-value");
    }
  }

  /** The score with the decision its threshold gives. */
  public static DriftScore of(String method, double statistic, double pValue, Threshold threshold) {
    return new DriftScore(
        method, statistic, pValue, threshold, threshold.drifted(statistic, pValue));
  }

  /** Whether the method gives a p-value. */
  public boolean hasPValue() {
    return !Double.isNaN(pValue);
  }

  /** The same numbers with another decision, e.g. one corrected for multiple testing. */
  public DriftScore withDrifted(boolean newDrifted) {
    return newDrifted == drifted
        ? this
        : new DriftScore(method, statistic, pValue, threshold, newDrifted);
  }
}
