package dev.vernier.monitor.drift.stats;

import dev.vernier.core.InvalidInputException;

/**
 * A categorical baseline's buckets: one per category code the baseline holds (codes >= 0), then one
 * "unseen" bucket for {@code -1} and for every code the baseline never had. Immutable.
 */
public final class CategoryCounts {
  /** The baseline's codes >= 0, ascending. */
  private final double[] codes;

  /** Baseline counts per code, then the unseen bucket's count (the baseline's {@code -1}s). */
  public final int[] baseline;

  public final int baselineSize;

  public CategoryCounts(SortedSample b) {
    categories(b);
    int first = b.distinct[0] == -1 ? 1 : 0;
    codes = new double[b.distinct.length - first];
    baseline = new int[codes.length + 1];
    for (int i = first; i < b.distinct.length; i++) {
      codes[i - first] = b.distinct[i];
      baseline[i - first] = b.distinctCountAt(i);
    }
    baseline[codes.length] = first == 1 ? b.distinctCountAt(0) : 0;
    baselineSize = b.size();
  }

  /** The number of buckets, the unseen one included. */
  int buckets() {
    return baseline.length;
  }

  /** The current window's counts in the baseline's buckets, the last one unseen. */
  public int[] counts(SortedSample current) {
    categories(current);
    int[] c = new int[baseline.length];
    int unseen = current.size();
    int i = 0;
    for (int j = 0; j < current.distinct.length; j++) {
      double v = current.distinct[j];
      while (i < codes.length && codes[i] < v) {
        i++;
      }
      if (i < codes.length && codes[i] == v) {
        int n = current.distinctCountAt(j);
        c[i] = n;
        unseen -= n;
      }
    }
    c[codes.length] = unseen;
    return c;
  }

  /** Fails unless {@code sample} holds category codes: integers >= -1. */
  private static SortedSample categories(SortedSample sample) {
    for (double v : sample.distinct) {
      if (v != Math.rint(v) || v < -1 || v > Integer.MAX_VALUE) {
        throw new InvalidInputException(
            sample.field(),
            "category codes must be integers >= 0, or -1 for an unseen category",
            v);
      }
    }
    return sample;
  }
}
