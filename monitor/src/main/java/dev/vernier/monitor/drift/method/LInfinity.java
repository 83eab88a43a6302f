package dev.vernier.monitor.drift.method;

import dev.vernier.monitor.drift.DriftMethod;
import dev.vernier.monitor.drift.DriftScore;
import dev.vernier.monitor.drift.FeatureKind;
import dev.vernier.monitor.drift.Threshold;
import dev.vernier.monitor.drift.stats.CategoryCounts;
import dev.vernier.monitor.drift.stats.SortedSample;

/**
 * {@code linf}: the L-infinity distance between the two samples' category shares, the largest
 * absolute difference over the baseline's categories and the unseen bucket (see {@link
 * CategoryCounts}). In [0, 1]: 0 for equal shares, 1 when the two share no category. Drifted by
 * default when it exceeds 0.1, a shift of ten percentage points in some category.
 */
public final class LInfinity implements DriftMethod {
  public static final String NAME = "linf";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "L-infinity distance: the largest change of a category's share";
  }

  @Override
  public FeatureKind kind() {
    return FeatureKind.CATEGORICAL;
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
    CategoryCounts buckets = new CategoryCounts(baseline);
    return Methods.fitted(
        NAME,
        t,
        current -> {
          int[] c = buckets.counts(current);
          double max = 0;
          for (int i = 0; i < c.length; i++) {
            double pb = (double) buckets.baseline[i] / buckets.baselineSize;
            double pc = (double) c[i] / current.size();
            max = Math.max(max, Math.abs(pc - pb));
          }
          return DriftScore.of(NAME, max, Double.NaN, t);
        });
  }
}
