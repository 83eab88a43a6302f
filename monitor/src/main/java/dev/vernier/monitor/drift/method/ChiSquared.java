package dev.vernier.monitor.drift.method;

import dev.vernier.monitor.drift.DriftMethod;
import dev.vernier.monitor.drift.DriftScore;
import dev.vernier.monitor.drift.FeatureKind;
import dev.vernier.monitor.drift.Threshold;
import dev.vernier.monitor.drift.stats.CategoryCounts;
import dev.vernier.monitor.drift.stats.KolmogorovDistribution;
import dev.vernier.monitor.drift.stats.NumpySum;
import dev.vernier.monitor.drift.stats.SortedSample;
import org.apache.commons.math3.special.Gamma;

/**
 * {@code chi2}: Pearson's chi-squared goodness-of-fit test of the current window's category counts
 * against the baseline's frequencies, {@code scipy.stats.chisquare(observed, expected)}: expected =
 * baseline share x current size, statistic {@code sum (o - e)^2 / e}, k - 1 degrees of freedom for
 * k buckets. Drifted by default when p < 0.05.
 *
 * <p><b>Buckets.</b> Every code the baseline holds, plus the unseen bucket ({@code -1} and codes
 * the baseline never had; see {@link CategoryCounts}). A bucket with no expected count would make
 * the statistic infinite, and the only bucket that can have none is the unseen one, when the
 * baseline has no {@code -1}:
 *
 * <ul>
 *   <li>if the window has no unseen value either, the bucket is left out;
 *   <li>otherwise the baseline is credited half a value there (0.5 added to its unseen count and to
 *       its size before the shares are taken): something never seen in the baseline is rarer than
 *       once in it, and the statistic stays finite and large.
 * </ul>
 *
 * With a single bucket left (the baseline has one category and nothing is unseen) both samples
 * agree by construction: statistic 0, p-value 1 (scipy would give NaN for 0 degrees of freedom).
 *
 * <p><b>p-value.</b> The chi-squared survival function as commons-math's regularized upper
 * incomplete gamma Q(k/2 - 1/2, x/2). {@code ChiSquaredDistribution} would compute it as 1 - cdf,
 * which loses every p-value below about 1e-16 to 0; Q keeps them.
 */
public final class ChiSquared implements DriftMethod {
  public static final String NAME = "chi2";

  /** The baseline count an unseen bucket gets when only the window has unseen values. */
  public static final double UNSEEN_PSEUDO_COUNT = 0.5;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Chi-squared test of the window's category counts against the baseline's frequencies";
  }

  @Override
  public FeatureKind kind() {
    return FeatureKind.CATEGORICAL;
  }

  @Override
  public boolean hasPValue() {
    return true;
  }

  @Override
  public Threshold defaultThreshold() {
    return Threshold.pValueBelow(0.05);
  }

  @Override
  public Fitted fit(SortedSample baseline, Threshold threshold) {
    Threshold t = Methods.check(this, threshold).resolve(baseline.std());
    CategoryCounts buckets = new CategoryCounts(baseline);
    return Methods.fitted(
        NAME,
        t,
        current -> {
          double[] r = test(buckets.baseline, buckets.counts(current));
          return DriftScore.of(NAME, r[0], r[1], t);
        });
  }

  /** {statistic, p-value} for baseline and current counts per bucket, the last unseen. */
  static double[] test(int[] baseline, int[] current) {
    int k = baseline.length;
    int unseen = k - 1;
    double[] b = new double[k];
    double bSize = 0;
    double cSize = 0;
    for (int i = 0; i < k; i++) {
      b[i] = baseline[i];
      bSize += baseline[i];
      cSize += current[i];
    }
    int buckets = k;
    if (baseline[unseen] == 0) {
      if (current[unseen] == 0) {
        buckets--;
      } else {
        b[unseen] = UNSEEN_PSEUDO_COUNT;
        bSize += UNSEEN_PSEUDO_COUNT;
      }
    }
    if (buckets < 2) {
      return new double[] {0.0, 1.0};
    }
    double[] terms = new double[buckets];
    for (int i = 0; i < buckets; i++) {
      double expected = b[i] / bSize * cSize;
      double d = current[i] - expected;
      terms[i] = d * d / expected;
    }
    double stat = NumpySum.sum(terms, buckets);
    double p = Gamma.regularizedGammaQ((buckets - 1) / 2.0, stat / 2.0);
    return new double[] {stat, KolmogorovDistribution.clip(p)};
  }
}
