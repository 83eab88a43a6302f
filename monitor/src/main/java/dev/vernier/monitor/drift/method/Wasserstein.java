package dev.vernier.monitor.drift.method;

import dev.vernier.monitor.drift.DriftMethod;
import dev.vernier.monitor.drift.DriftScore;
import dev.vernier.monitor.drift.FeatureKind;
import dev.vernier.monitor.drift.Threshold;
import dev.vernier.monitor.drift.stats.EcdfWalk;
import dev.vernier.monitor.drift.stats.SortedSample;

/**
 * {@code wasserstein}: the first Wasserstein (earth mover's) distance between the raw values, as
 * scipy's {@code stats.wasserstein_distance(baseline, current)}: the area between the two empirical
 * CDFs, {@code sum |F_b(x_i) - F_c(x_i)| (x_{i+1} - x_i)} over the merged sorted values. In the
 * feature's own units.
 *
 * <p><b>Default threshold.</b> Because the distance has the feature's units, no fixed limit suits
 * every feature; the default is <em>relative</em>: drifted when W1 > 0.1 times the baseline's
 * standard deviation (population, ddof 0), resolved at fit time. A shift of the whole distribution
 * by a tenth of its spread crosses it. A baseline with no spread (a constant feature) gets the
 * limit 0: any change at all is drift.
 */
public final class Wasserstein implements DriftMethod {
  public static final String NAME = "wasserstein";

  /** The default limit, as a multiple of the baseline's standard deviation. */
  public static final double DEFAULT_STD_FACTOR = 0.1;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "First Wasserstein distance between the raw values (area between the two CDFs)";
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
    return Threshold.statisticAboveBaselineStd(DEFAULT_STD_FACTOR);
  }

  @Override
  public Fitted fit(SortedSample baseline, Threshold threshold) {
    Threshold t = Methods.check(this, threshold).resolve(baseline.std());
    return Methods.fitted(
        NAME,
        t,
        current -> {
          return DriftScore.of(NAME, distance(baseline, current), Double.NaN, t);
        });
  }

  /**
   * W1 between two samples, by one walk over their distinct values ({@link EcdfWalk}, shared with
   * KS: {@code b} keeps it for {@code a}).
   */
  public static double distance(SortedSample a, SortedSample b) {
    return b.walkWith(a).w1();
  }
}
