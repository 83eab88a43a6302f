package dev.vernier.monitor.drift.stats;

import dev.vernier.core.InvalidInputException;
import java.util.Arrays;

/**
 * One sample's values, sorted once, for every method that compares it: the distinct values in
 * ascending order with the number of values at most each of them. Ties (a pixel that is 0 in most
 * images, a category code) cost one entry, so walks over two samples take as many steps as they
 * have distinct values. NaNs (missing values) are removed and counted; {@code -0.0} and {@code 0.0}
 * are one value, as for {@code ==}.
 *
 * <p>Immutable but for a memo of its last {@link EcdfWalk} (KS and W1 walk a window column against
 * the same baseline column: the second reads the first's walk), and thread-safe; it never shares an
 * array with its caller.
 */
public final class SortedSample {
  /** Distinct values, ascending; package-private so methods walk it without copies. */
  final double[] distinct;

  /** {@code atMost[i]} = number of values {@code <= distinct[i]}; the last is {@link #size()}. */
  final int[] atMost;

  /**
   * The empirical CDF by the number of distinct values passed: {@code cdf[0] = 0} and {@code cdf[k]
   * = (double) atMost[k - 1] / size()}, the quotient a walk over two samples would compute. Divided
   * once here, so the walks of {@link KsTwoSample} and {@link
   * dev.vernier.monitor.drift.method.Wasserstein} (a baseline is walked once for every window, a
   * window once for each of the two) only load it.
   */
  final double[] cdf;

  private final int missing;
  private final String field;

  private SortedSample(String field, double[] distinct, int[] atMost, int missing) {
    this.field = field;
    this.distinct = distinct;
    this.atMost = atMost;
    this.missing = missing;
    double n = atMost[atMost.length - 1];
    double[] f = new double[atMost.length + 1];
    for (int k = 0; k < atMost.length; k++) {
      f[k + 1] = atMost[k];
    }
    // a loop of divisions alone, which the JIT vectorises (with the int conversion it does not)
    for (int k = 1; k < f.length; k++) {
      f[k] /= n;
    }
    this.cdf = f;
  }

  // the last walk against another sample: an immutable record, so a race only walks twice
  private volatile EcdfWalk lastWalk;

  /** The walk of {@code other} (first) against this sample, remembered for the next caller. */
  public EcdfWalk walkWith(SortedSample other) {
    EcdfWalk w = lastWalk;
    if (w == null || w.other() != other) {
      w = EcdfWalk.of(other, this);
      lastWalk = w;
    }
    return w;
  }

  /**
   * Sorts a copy of {@code values}.
   *
   * @param field the sample's name in errors, e.g. {@code baseline}
   * @throws InvalidInputException when no value is left after removing NaNs or one is infinite
   */
  public static SortedSample of(String field, double[] values) {
    if (values == null) {
      throw new InvalidInputException(field, "is required", null);
    }
    return ofOwned(field, values.clone(), values.length);
  }

  /** Sorts the first {@code length} entries of {@code scratch} in place and keeps none of it. */
  static SortedSample ofOwned(String field, double[] scratch, int length) {
    FloatRadixSort.sort(scratch, length);
    int end = length;
    while (end > 0 && Double.isNaN(scratch[end - 1])) {
      end--;
    }
    requireValues(field, length, end);
    requireFinite(field, scratch[0], scratch[end - 1]);
    int d = 1;
    for (int i = 1; i < end; i++) {
      if (scratch[i] != scratch[i - 1]) {
        d++;
      }
    }
    double[] distinct = new double[d];
    int[] atMost = new int[d];
    int k = 0;
    distinct[0] = scratch[0];
    for (int i = 1; i < end; i++) {
      if (scratch[i] != scratch[i - 1]) {
        atMost[k++] = i;
        distinct[k] = scratch[i];
      }
    }
    atMost[k] = end;
    return new SortedSample(field, distinct, atMost, length - end);
  }

  /**
   * The sample of the floats whose {@link FloatRadixSort#key}s are {@code keys[0, length)} (sorted
   * here; the array may be reordered): the same sample {@link #of} makes of the floats widened to
   * double, without the doubles.
   */
  public static SortedSample ofKeys(String field, int[] keys, int length) {
    int[] sorted = FloatRadixSort.sortKeys(keys, length);
    int end = length;
    while (end > 0 && sorted[end - 1] == FloatRadixSort.NAN_KEY) {
      end--;
    }
    requireValues(field, length, end);
    float lowest = FloatRadixSort.value(sorted[0]);
    requireFinite(field, lowest, FloatRadixSort.value(sorted[end - 1]));
    // one pass into arrays as long as the sample, then trimmed to the distinct values
    double[] distinct = new double[end];
    int[] atMost = new int[end];
    int k = 0;
    distinct[0] = lowest;
    float previous = lowest;
    for (int i = 1; i < end; i++) {
      float v = FloatRadixSort.value(sorted[i]);
      if (v != previous) { // -0.0 and 0.0: one value
        atMost[k++] = i;
        distinct[k] = v;
      }
      previous = v;
    }
    atMost[k++] = end;
    return new SortedSample(
        field, Arrays.copyOf(distinct, k), Arrays.copyOf(atMost, k), length - end);
  }

  private static void requireValues(String field, int length, int end) {
    if (end == 0) {
      throw new InvalidInputException(
          field,
          "needs at least one value that is not NaN (missing)",
          length == 0 ? "no values" : length + " NaNs");
    }
  }

  private static void requireFinite(String field, double lowest, double highest) {
    if (Double.isInfinite(lowest) || Double.isInfinite(highest)) {
      throw new InvalidInputException(
          field,
          "values must be finite (NaN marks a missing value)",
          Double.isInfinite(lowest) ? lowest : highest);
    }
  }

  /** The sample's name in errors, e.g. {@code current} or {@code current column f12}. */
  public String field() {
    return field;
  }

  /** The number of values, NaNs excluded. */
  public int size() {
    return atMost[atMost.length - 1];
  }

  /** The number of NaNs that were removed. */
  public int missing() {
    return missing;
  }

  /** The number of distinct values. */
  public int distinctCount() {
    return distinct.length;
  }

  /** The {@code i}-th distinct value, ascending. */
  public double distinctValue(int i) {
    return distinct[i];
  }

  /** How many values equal the {@code i}-th distinct value. */
  public int distinctCountAt(int i) {
    return i == 0 ? atMost[0] : atMost[i] - atMost[i - 1];
  }

  /** The number of values {@code <= x} (numpy's {@code searchsorted(sorted, x, 'right')}). */
  public int countAtMost(double x) {
    int lo = 0;
    int hi = distinct.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (distinct[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo == 0 ? 0 : atMost[lo - 1];
  }

  /** The {@code k}-th smallest value, {@code 0 <= k < size()}. */
  public double valueAt(int k) {
    if (k < 0 || k >= size()) {
      throw new IndexOutOfBoundsException(k + " outside [0, " + size() + ")");
    }
    int lo = 0;
    int hi = atMost.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (atMost[mid] > k) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return distinct[lo];
  }

  /** The mean of the values. */
  public double mean() {
    double s = 0;
    for (int i = 0; i < distinct.length; i++) {
      s += distinct[i] * distinctCountAt(i);
    }
    return s / size();
  }

  /** The population standard deviation (numpy's {@code std}, ddof 0). */
  public double std() {
    double m = mean();
    double s = 0;
    for (int i = 0; i < distinct.length; i++) {
      double d = distinct[i] - m;
      s += d * d * distinctCountAt(i);
    }
    return Math.sqrt(s / size());
  }

  /** The values, sorted, in a new array. */
  public double[] toArray() {
    double[] out = new double[size()];
    int from = 0;
    for (int i = 0; i < distinct.length; i++) {
      Arrays.fill(out, from, atMost[i], distinct[i]);
      from = atMost[i];
    }
    return out;
  }

  @Override
  public String toString() {
    return size() + " values (" + distinct.length + " distinct, " + missing + " missing)";
  }
}
