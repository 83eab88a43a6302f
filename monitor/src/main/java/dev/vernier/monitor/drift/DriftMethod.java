package dev.vernier.monitor.drift;

import dev.vernier.monitor.drift.stats.SortedSample;

/**
 * A drift method: compares one feature's current values with its baseline values. The SPI behind
 * {@code ks}, {@code psi}, {@code js}, {@code wasserstein}, {@code chi2} and {@code linf}.
 *
 * <p><b>Order of use.</b> A method is {@linkplain #fit fitted} once per feature, on the baseline
 * column; the returned {@link Fitted} is then asked to {@linkplain Fitted#score score} many current
 * windows of that feature. Everything that depends on the baseline alone (sorting it, its decile
 * edges and bin shares, its category frequencies, its standard deviation) happens in {@code fit};
 * {@code score} does only the work the current window needs.
 *
 * <p><b>Registration.</b> Implementations are found with {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.vernier.monitor.drift.DriftMethod}) and looked up by {@link #name()} in
 * {@link DriftMethods}. They need a public no-argument constructor and hold no state: one instance
 * serves every feature and thread.
 *
 * <p><b>Values.</b> A NaN marks a missing value: it is removed before anything is computed, so it
 * counts in neither sample's size (a {@link SortedSample} reports how many it dropped). Infinite
 * values are refused. For {@link FeatureKind#CATEGORICAL} methods values are category codes:
 * integers {@code >= 0}, or {@code -1} for a category the encoder did not know; {@code -1} and
 * every code the baseline never had are counted together in one "unseen" bucket.
 *
 * <p><b>Threads and ownership.</b> {@code fit} copies what it keeps and never holds on to the
 * caller's array; a {@link Fitted} is immutable, so one fitted method may score many windows, or
 * many features' fitted methods may score, from any number of threads at once. Scores are new
 * objects owned by the caller. Neither call does I/O or keeps a reference to the current window.
 *
 * <p><b>Errors.</b> A sample with no value left after removing NaNs, an infinite value, or (for
 * categorical methods) a value that is not a category code fails with {@link
 * dev.vernier.core.InvalidInputException} naming the sample ({@code baseline} or {@code current}).
 */
public interface DriftMethod {

  /** The name users write, e.g. {@code ks}. */
  String name();

  /** One sentence for listings and reports. */
  String description();

  /** The kind of feature this method compares. */
  FeatureKind kind();

  /** Whether scores carry a p-value; when false {@link DriftScore#pValue()} is NaN. */
  boolean hasPValue();

  /** The threshold {@link #fit(double[])} uses: {@code p < 0.05} or a limit on the statistic. */
  Threshold defaultThreshold();

  /**
   * Fits the method on a baseline that is already sorted (a sample shared by several methods).
   *
   * @param threshold the decision rule; a p-value rule for a method without p-values fails with
   *     {@link dev.vernier.core.InvalidInputException}
   */
  Fitted fit(SortedSample baseline, Threshold threshold);

  /** Fits on a baseline column with the {@link #defaultThreshold()}; NaNs are removed. */
  default Fitted fit(double[] baseline) {
    return fit(SortedSample.of("baseline", baseline), defaultThreshold());
  }

  /** A method fitted on one feature's baseline: immutable, thread-safe, cheap to score with. */
  interface Fitted {

    /** The method's name, as in {@link DriftMethod#name()}. */
    String method();

    /** The resolved rule its scores use ({@link Threshold#isResolved()}). */
    Threshold threshold();

    /** Scores a current window that is already sorted (shared by several methods). */
    DriftScore score(SortedSample current);

    /** Scores a current window; NaNs are removed. */
    default DriftScore score(double[] current) {
      return score(SortedSample.of("current", current));
    }
  }
}
