package dev.vernier.monitor.drift.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link KsTwoSample#probOutsideBand} computes several lattice columns at once; every result must
 * be bit-equal to the plain one-column-at-a-time recursion (scipy's order of operations), kept here
 * as the oracle.
 */
class KsTwoSampleBandTest {

  @Test
  void diagonalWalkAgreesWithTheColumnByColumnRecursion() {
    Random random = new Random(7);
    int checked = 0;
    for (int trial = 0; trial < 400; trial++) {
      int a = 1 + random.nextInt(trial < 300 ? 40 : 700);
      int b = 1 + random.nextInt(trial < 300 ? 40 : 700);
      if (a == b) {
        continue;
      }
      check(a, b, random);
      checked++;
    }
    // the benchmark's and the monitor's usual shape: 10,000-event windows against 2,000 rows
    for (long h : new long[] {1, 37, 213, 400, 2000, 5000, 9999}) {
      check(10_000, 2_000, h);
    }
    check(9_999, 2_000, 313);
    check(3, 10_000, 7_000);
    assertEquals(true, checked > 300);
  }

  private static void check(int a, int b, Random random) {
    long g = KsTwoSample.gcd(a, b);
    long lcm = (a / g) * b;
    check(a, b, 1 + (long) (random.nextDouble() * lcm));
  }

  private static void check(int a, int b, long h) {
    long g = KsTwoSample.gcd(a, b);
    double expected = reference(a, b, g, h);
    double actual = KsTwoSample.probOutsideBand(a, b, g, h);
    double tolerance = 1e-10 * Math.abs(expected);
    assertEquals(expected, actual, tolerance, () -> a + " vs " + b + ", h=" + h + ": " + expected);
  }

  /** The recursion one column at a time, in place, as scipy runs it. */
  static double reference(int m0, int n0, long g, long h) {
    int m = Math.max(m0, n0);
    int n = Math.min(m0, n0);
    long mg = m / g;
    long ng = n / g;
    int minj = 0;
    int maxj = (int) Math.min((long) Math.ceil((double) h / mg), n + 1);
    int curlen = maxj - minj;
    int lenA = Math.min(2 * maxj + 2, n + 1);
    double[] a = new double[lenA];
    java.util.Arrays.fill(a, 1.0);
    java.util.Arrays.fill(a, minj, maxj, 0.0);
    for (int i = 1; i <= m; i++) {
      int lastminj = minj;
      int lastlen = curlen;
      minj = (int) Math.max((long) Math.floor((double) (ng * i - h) / mg) + 1, 0);
      minj = Math.min(minj, n);
      maxj = (int) Math.min((long) Math.ceil((double) (ng * i + h) / mg), n + 1);
      if (maxj <= minj) {
        return 1.0;
      }
      double val = minj == 0 ? 0.0 : 1.0;
      for (int jj = 0; jj < maxj - minj; jj++) {
        int j = jj + minj;
        val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
        a[jj] = val;
      }
      curlen = maxj - minj;
      if (lastlen > curlen) {
        java.util.Arrays.fill(a, curlen, Math.min(lenA, curlen + (lastlen - curlen)), 1.0);
      }
    }
    return a[maxj - minj - 1];
  }
}
