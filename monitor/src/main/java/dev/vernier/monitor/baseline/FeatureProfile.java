package dev.vernier.monitor.baseline;

import dev.vernier.core.InvalidInputException;
import java.util.Arrays;
import java.util.Objects;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * What one column looked like in the baseline data. Immutable.
 *
 * <ul>
 *   <li>{@link #count()} is the number of present values and {@link #missing()} the number of NaN,
 *       so the column had {@code count + missing} rows.
 *   <li>{@link #mean()}, {@link #std()}, {@link #min()} and {@link #max()} are exact over the
 *       present values (NaN when there are none). The standard deviation is the population one
 *       (divides by {@code count}, numpy's default {@code ddof=0}). For a categorical they describe
 *       the integer codes.
 *   <li>A numeric feature has a KLL quantile sketch ({@value #SKETCH_K} = k, normalized rank error
 *       about 1.3% at 99% confidence; exact below k values) and a {@link Histogram} of {@value
 *       #HISTOGRAM_BINS} equal-width bins derived from it.
 *   <li>A categorical feature has exact counts per category code ({@link #categoryCounts()}, index
 *       = code): categories are bounded by {@link FeatureSchema#MAX_CATEGORIES}, so exact counts
 *       cost no more than a frequent-items sketch and have no error.
 * </ul>
 */
public final class FeatureProfile {
  /** The KLL sketch's size parameter. */
  public static final int SKETCH_K = 200;

  /** Bins of the display histogram. */
  public static final int HISTOGRAM_BINS = 20;

  private final String name;
  private final FeatureType type;
  private final long count;
  private final long missing;
  private final double mean;
  private final double std;
  private final double min;
  private final double max;
  private final byte[] sketchBytes;
  private final KllFloatsSketch sketch;
  private final Histogram histogram;
  private final long[] categoryCounts;

  /**
   * @param sketchBytes a serialised {@link KllFloatsSketch}; numeric features only, else null
   * @param histogram numeric features with present values only, else null
   * @param categoryCounts categorical features only, else null
   */
  public FeatureProfile(
      String name,
      FeatureType type,
      long count,
      long missing,
      double mean,
      double std,
      double min,
      double max,
      byte[] sketchBytes,
      Histogram histogram,
      long[] categoryCounts) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
    if (count < 0 || missing < 0) {
      throw new InvalidInputException(name + ".count", "must not be negative", count + missing);
    }
    boolean numeric = type == FeatureType.NUMERIC;
    if (numeric != (sketchBytes != null) || numeric == (categoryCounts != null)) {
      throw new InvalidInputException(
          name, "a numeric profile has a sketch, a categorical one category counts", type);
    }
    this.count = count;
    this.missing = missing;
    this.mean = mean;
    this.std = std;
    this.min = min;
    this.max = max;
    this.sketchBytes = numeric ? sketchBytes.clone() : null;
    this.sketch = numeric ? wrap(name, this.sketchBytes) : null;
    if (sketch != null && sketch.getN() != count) {
      throw new InvalidInputException(
          name + ".sketch", "must hold the " + count + " present values", sketch.getN());
    }
    this.histogram = histogram;
    this.categoryCounts = categoryCounts == null ? null : categoryCounts.clone();
  }

  private static KllFloatsSketch wrap(String name, byte[] bytes) {
    try {
      return KllFloatsSketch.wrap(Memory.wrap(bytes));
    } catch (RuntimeException e) {
      throw new InvalidInputException(
          name + ".sketch", "is not a serialised KLL floats sketch", e.getMessage(), e);
    }
  }

  public String name() {
    return name;
  }

  public FeatureType type() {
    return type;
  }

  /** Present (non-NaN) values. */
  public long count() {
    return count;
  }

  /** NaN values. */
  public long missing() {
    return missing;
  }

  /** Rows seen: present plus missing. */
  public long rows() {
    return count + missing;
  }

  /** The share of rows with a value; 1 for an empty column. */
  public double completeness() {
    long rows = rows();
    return rows == 0 ? 1.0 : (double) count / rows;
  }

  public double mean() {
    return mean;
  }

  /** Population standard deviation ({@code ddof = 0}). */
  public double std() {
    return std;
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  /**
   * The value at normalized rank {@code rank} in [0, 1] (inclusive search: the smallest retained
   * value whose rank reaches {@code rank}); NaN when the feature had no values. Numeric only.
   */
  public double quantile(double rank) {
    KllFloatsSketch s = requireSketch();
    if (!(rank >= 0 && rank <= 1)) {
      throw new InvalidInputException(name + " quantile rank", "must be between 0 and 1", rank);
    }
    return s.isEmpty() ? Double.NaN : s.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE);
  }

  /** {@link #quantile} for each rank. */
  public double[] quantiles(double... ranks) {
    double[] out = new double[ranks.length];
    for (int i = 0; i < ranks.length; i++) {
      out[i] = quantile(ranks[i]);
    }
    return out;
  }

  /**
   * The estimated share of values {@code <= value} (inclusive); NaN when the feature had no values.
   * Numeric only.
   */
  public double rank(double value) {
    KllFloatsSketch s = requireSketch();
    return s.isEmpty() ? Double.NaN : s.getRank((float) value, QuantileSearchCriteria.INCLUSIVE);
  }

  /** A read-only view of the quantile sketch (numeric only); updating it throws. */
  public KllFloatsSketch sketch() {
    return requireSketch();
  }

  /** The serialised sketch (a copy); null for a categorical. */
  public byte[] sketchBytes() {
    return sketchBytes == null ? null : sketchBytes.clone();
  }

  /** The display histogram; null for a categorical or a numeric feature without values. */
  public Histogram histogram() {
    return histogram;
  }

  /** Exact counts per category code (a copy); null for a numeric feature. */
  public long[] categoryCounts() {
    return categoryCounts == null ? null : categoryCounts.clone();
  }

  private KllFloatsSketch requireSketch() {
    if (sketch == null) {
      throw new InvalidInputException(
          name, "is categorical: it has category counts, not quantiles", null);
    }
    return sketch;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureProfile p
        && name.equals(p.name)
        && type == p.type
        && count == p.count
        && missing == p.missing
        && Double.compare(mean, p.mean) == 0
        && Double.compare(std, p.std) == 0
        && Double.compare(min, p.min) == 0
        && Double.compare(max, p.max) == 0
        && Arrays.equals(sketchBytes, p.sketchBytes)
        && Objects.equals(histogram, p.histogram)
        && Arrays.equals(categoryCounts, p.categoryCounts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, type, count, missing, mean, std, min, max)
        + 31 * Arrays.hashCode(sketchBytes)
        + Arrays.hashCode(categoryCounts);
  }

  @Override
  public String toString() {
    return name
        + " ("
        + type
        + ", count "
        + count
        + ", missing "
        + missing
        + ", mean "
        + mean
        + ", std "
        + std
        + ", range ["
        + min
        + ", "
        + max
        + "])";
  }
}
