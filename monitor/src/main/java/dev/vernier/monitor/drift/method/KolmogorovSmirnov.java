package dev.vernier.monitor.drift.method;

import dev.vernier.monitor.drift.DriftMethod;
import dev.vernier.monitor.drift.DriftScore;
import dev.vernier.monitor.drift.FeatureKind;
import dev.vernier.monitor.drift.Threshold;
import dev.vernier.monitor.drift.stats.KsTwoSample;
import dev.vernier.monitor.drift.stats.SortedSample;

/**
 * {@code ks}: the two-sample Kolmogorov-Smirnov test, two-sided, with scipy's {@code
 * ks_2samp(baseline, current)} statistic and p-value ({@link KsTwoSample}). The statistic is the
 * largest gap between the two empirical CDFs, in [0, 1]; drifted by default when p < 0.05.
 *
 * <p>Fit keeps the sorted baseline; a score walks it and the sorted window once, in as many steps
 * as the two have distinct values, then computes the p-value (exact lattice-path counting up to
 * 10,000 values a side, the Kolmogorov distribution beyond).
 */
public final class KolmogorovSmirnov implements DriftMethod {
  public static final String NAME = "ks";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Two-sample Kolmogorov-Smirnov: largest gap between the two empirical CDFs, with its"
        + " p-value (scipy ks_2samp, two-sided, method auto)";
  }

  @Override
  public FeatureKind kind() {
    return FeatureKind.NUMERIC;
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
    return Methods.fitted(
        NAME,
        t,
        current -> {
          KsTwoSample.Result r = KsTwoSample.test(baseline, current);
          return DriftScore.of(NAME, r.statistic(), r.pValue(), t);
        });
  }
}
