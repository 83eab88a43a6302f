package dev.vernier.monitor.drift.method;

import dev.vernier.monitor.drift.DriftMethod;
import dev.vernier.monitor.drift.DriftScore;
import dev.vernier.monitor.drift.FeatureKind;
import dev.vernier.monitor.drift.Threshold;
import dev.vernier.monitor.drift.stats.DecileBins;
import dev.vernier.monitor.drift.stats.NumpySum;
import dev.vernier.monitor.drift.stats.SortedSample;

/**
 * {@code psi}: the population stability index on the baseline's {@link DecileBins}: with p_b and
 * p_c the two samples' shares per bin, an empty bin's share taken as 1e-4,
 *
 * <pre>
 *   PSI = sum over bins of (p_c - p_b) * ln(p_c / p_b)
 * </pre>
 *
 * Each term is >= 0, so PSI is 0 only for equal shares. Drifted by default when PSI > 0.2 (the
 * usual reading: below 0.1 stable, 0.1 to 0.2 a moderate shift, above 0.2 a significant one).
 */
public final class PopulationStability implements DriftMethod {
  public static final String NAME = "psi";

  /** The share an empty bin is given, so the logarithm stays finite. */
  public static final double EMPTY_BIN_SHARE = 1e-4;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Population stability index on the baseline's decile bins (empty bins count 1e-4)";
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
    return Threshold.statisticAbove(0.2);
  }

  @Override
  public Fitted fit(SortedSample baseline, Threshold threshold) {
    Threshold t = Methods.check(this, threshold).resolve(baseline.std());
    DecileBins bins = DecileBins.fit(baseline);
    double[] pb = floor(bins.baselineProportions());
    return Methods.fitted(
        NAME,
        t,
        current -> {
          return DriftScore.of(NAME, psi(pb, floor(bins.proportions(current))), Double.NaN, t);
        });
  }

  private static double[] floor(double[] p) {
    for (int i = 0; i < p.length; i++) {
      if (p[i] == 0) {
        p[i] = EMPTY_BIN_SHARE;
      }
    }
    return p;
  }

  static double psi(double[] pb, double[] pc) {
    double[] terms = new double[pb.length];
    for (int i = 0; i < terms.length; i++) {
      terms[i] = (pc[i] - pb[i]) * Math.log(pc[i] / pb[i]);
    }
    return Math.max(0.0, NumpySum.sum(terms, terms.length));
  }
}
