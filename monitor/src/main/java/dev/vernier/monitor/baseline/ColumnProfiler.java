package dev.vernier.monitor.baseline;

import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Accumulates one column's profile from blocks of its values. Moments are exact: each block is
 * summarised by its own two-pass mean and sum of squared deviations, and blocks are combined with
 * Chan et al.'s pairwise update, so there is no cancellation however large the mean. Not
 * thread-safe; one per column.
 */
final class ColumnProfiler {
  private final String name;
  private final FeatureType type;
  private final int categoryCount;
  private final KllFloatsSketch sketch;
  private final long[] categoryCounts;
  private long count;
  private long missing;
  private double mean;
  private double m2;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  ColumnProfiler(String name, FeatureType type, int categoryCount) {
    this.name = name;
    this.type = type;
    this.categoryCount = categoryCount;
    boolean numeric = type == FeatureType.NUMERIC;
    this.sketch = numeric ? KllFloatsSketch.newHeapInstance(FeatureProfile.SKETCH_K) : null;
    this.categoryCounts = numeric ? null : new long[categoryCount];
  }

  static ColumnProfiler of(FeatureSchema f) {
    return new ColumnProfiler(f.name(), f.type(), f.categoryCount());
  }

  /**
   * Adds {@code len} values at {@code buf[off..]}, reordering them (present values move to the
   * front). Adds nothing and returns false when a value breaks a rule: the caller then finds it in
   * its own copy with {@link #rule} to name the row.
   */
  boolean add(float[] buf, int off, int len) {
    int m = off;
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    double sum = 0;
    for (int i = off; i < off + len; i++) {
      float v = buf[i];
      if (v != v) {
        continue;
      }
      buf[m++] = v;
      sum += v;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    int present = m - off;
    if (present > 0 && (Float.isInfinite(lo) || Float.isInfinite(hi) || !codesValid(buf, off, m))) {
      return false;
    }
    missing += len - present;
    if (present == 0) {
      return true;
    }
    double blockMean = sum / present;
    double blockM2 = 0;
    for (int i = off; i < m; i++) {
      double d = buf[i] - blockMean;
      blockM2 += d * d;
    }
    long n = count + present;
    double delta = blockMean - mean;
    mean += delta * present / n;
    m2 += blockM2 + delta * delta * ((double) count * present / n);
    count = n;
    min = Math.min(min, lo);
    max = Math.max(max, hi);
    if (sketch != null) {
      sketch.update(buf, off, present);
    } else {
      for (int i = off; i < m; i++) {
        categoryCounts[(int) buf[i]]++;
      }
    }
    return true;
  }

  private boolean codesValid(float[] buf, int from, int to) {
    if (categoryCounts == null) {
      return true;
    }
    for (int i = from; i < to; i++) {
      float v = buf[i];
      if (v != (int) v || v < 0 || v >= categoryCount) {
        return false;
      }
    }
    return true;
  }

  /** The rule {@code v} breaks for this column, or null when it is acceptable. */
  String rule(float v) {
    if (Float.isInfinite(v)) {
      return "values must be finite, or NaN for missing";
    }
    if (categoryCounts != null
        && !Float.isNaN(v)
        && (v != (int) v || v < 0 || v >= categoryCount)) {
      return "must be a category code between 0 and " + (categoryCount - 1);
    }
    return null;
  }

  FeatureProfile finish() {
    boolean none = count == 0;
    double std = none ? Double.NaN : Math.sqrt(Math.max(0, m2 / count));
    return new FeatureProfile(
        name,
        type,
        count,
        missing,
        none ? Double.NaN : mean,
        std,
        none ? Double.NaN : min,
        none ? Double.NaN : max,
        sketch == null ? null : sketch.toByteArray(),
        sketch == null || none ? null : histogram(),
        categoryCounts);
  }

  private Histogram histogram() {
    int bins = FeatureProfile.HISTOGRAM_BINS;
    float[] splits = new float[bins - 1];
    boolean distinct = min < max;
    for (int i = 1; i < bins && distinct; i++) {
      splits[i - 1] = (float) (min + i * (max - min) / bins);
      distinct = splits[i - 1] > (i == 1 ? min : splits[i - 2]) && splits[i - 1] < max;
    }
    if (!distinct) {
      return new Histogram(min, max, new long[] {count});
    }
    // EXCLUSIVE: the mass below each split, so bins are [a, b) and the last one is closed.
    double[] pmf = sketch.getPMF(splits, QuantileSearchCriteria.EXCLUSIVE);
    long[] counts = new long[bins];
    for (int i = 0; i < bins; i++) {
      counts[i] = Math.round(pmf[i] * count);
    }
    return new Histogram(min, max, counts);
  }
}
