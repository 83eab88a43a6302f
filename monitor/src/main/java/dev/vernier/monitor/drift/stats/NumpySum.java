package dev.vernier.monitor.drift.stats;

/**
 * numpy's {@code np.sum} of a contiguous float64 array, term for term: pairwise summation (blocks
 * of more than 128 values split in two halves, the first a multiple of 8 long; up to 128 values
 * eight running sums combined pairwise, then the rest one by one; below 8 a plain loop), added to
 * an initial 0.0. Summing in the same order gives the same last bits, which keeps PSI,
 * Jensen-Shannon and chi-squared on the same rounding as the scipy reference.
 */
public final class NumpySum {
  private NumpySum() {}

  /** The sum of {@code a[0..n)}. */
  public static double sum(double[] a, int n) {
    return 0.0 + pairwise(a, 0, n);
  }

  private static double pairwise(double[] a, int from, int n) {
    if (n < 8) {
      double s = -0.0;
      for (int i = from; i < from + n; i++) {
        s += a[i];
      }
      return s;
    }
    if (n > 128) {
      int half = n / 2;
      half -= half % 8;
      return pairwise(a, from, half) + pairwise(a, from + half, n - half);
    }
    double r0 = a[from];
    double r1 = a[from + 1];
    double r2 = a[from + 2];
    double r3 = a[from + 3];
    double r4 = a[from + 4];
    double r5 = a[from + 5];
    double r6 = a[from + 6];
    double r7 = a[from + 7];
    int end = from + n;
    int i = from + 8;
    for (; i < end - n % 8; i += 8) {
      r0 += a[i];
      r1 += a[i + 1];
      r2 += a[i + 2];
      r3 += a[i + 3];
      r4 += a[i + 4];
      r5 += a[i + 5];
      r6 += a[i + 6];
      r7 += a[i + 7];
    }
    double s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < end; i++) {
      s += a[i];
    }
    return s;
  }
}
