package dev.vernier.monitor.drift.method;

import dev.vernier.monitor.drift.DriftMethod;
import dev.vernier.monitor.drift.DriftScore;
import dev.vernier.monitor.drift.FeatureKind;
import dev.vernier.monitor.drift.Threshold;
import dev.vernier.monitor.drift.stats.DecileBins;
import dev.vernier.monitor.drift.stats.NumpySum;
import dev.vernier.monitor.drift.stats.SortedSample;

/**
 * {@code js}: the Jensen-Shannon distance, base 2, between the two samples' shares on the
 * baseline's {@link DecileBins} (raw shares, no floor for empty bins), as scipy's {@code
 * spatial.distance.jensenshannon(p_b, p_c, base=2)}: each share vector normalised to sum 1, m their
 * mean, and
 *
 * <pre>
 *   JS = sqrt((KL(p_b || m) + KL(p_c || m)) / (2 ln 2))
 * </pre>
 *
 * In [0, 1]: 0 for equal shares, 1 when no bin holds values of both samples. Where rounding makes
 * the sum under the root a tiny negative number (nearly equal shares) scipy returns NaN; that is
 * reported as 0. Drifted by default when JS > 0.1.
 */
public final class JensenShannon implements DriftMethod {
  public static final String NAME = "js";

  private static final double LN2 = Math.log(2);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Jensen-Shannon distance (base 2) between the shares on the baseline's decile bins";
  }

  @Override
  public FeatureKind kind() {
    return FeatureKind.NUMERIC;
  }

  @Override
  public boolean hasPValue() {
    return false;
  }

  @Override
  public Threshold defaultThreshold() {
    return Threshold.statisticAbove(0.1);
  }

  @Override
  public Fitted fit(SortedSample baseline, Threshold threshold) {
    Threshold t = Methods.check(this, threshold).resolve(baseline.std());
    DecileBins bins = DecileBins.fit(baseline);
    double[] pb = bins.baselineProportions();
    return Methods.fitted(
        NAME,
        t,
        current -> {
          return DriftScore.of(NAME, distance(pb, bins.proportions(current)), Double.NaN, t);
        });
  }

  /** scipy's {@code jensenshannon(p, q, base=2)}, NaN read as 0. */
  static double distance(double[] p0, double[] q0) {
    int n = p0.length;
    double sp = NumpySum.sum(p0, n);
    double sq = NumpySum.sum(q0, n);
    double[] left = new double[n];
    double[] right = new double[n];
    for (int i = 0; i < n; i++) {
      double p = p0[i] / sp;
      double q = q0[i] / sq;
      double m = (p + q) / 2.0;
      left[i] = relativeEntropy(p, m);
      right[i] = relativeEntropy(q, m);
    }
    double js = NumpySum.sum(left, n) + NumpySum.sum(right, n);
    js /= LN2;
    double d = Math.sqrt(js / 2.0);
    return Double.isNaN(d) ? 0.0 : d;
  }

  /** scipy's {@code special.rel_entr(x, y)} for x >= 0, y > 0. */
  private static double relativeEntropy(double x, double y) {
    if (x > 0 && y > 0) {
      return x * Math.log(x / y);
    }
    return x == 0 && y >= 0 ? 0 : Double.POSITIVE_INFINITY;
  }
}
