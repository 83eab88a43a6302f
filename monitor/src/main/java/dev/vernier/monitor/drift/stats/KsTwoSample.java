package dev.vernier.monitor.drift.stats;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two-sided two-sample Kolmogorov-Smirnov test as scipy's {@code stats.ks_2samp(a, b)} runs it
 * with {@code method='auto'}.
 *
 * <p><b>Statistic.</b> D = max |F_a(x) - F_b(x)| over the values of both samples, each ECDF
 * evaluated as {@code count(<= x) / n}, the two quotients subtracted in double precision: the
 * largest positive and the largest negative difference are compared, as scipy does.
 *
 * <p><b>p-value.</b> Exact when both samples have at most 10,000 values: D is rounded to the
 * lattice {@code h / lcm(n_a, n_b)} (the statistic reported becomes that fraction) and the
 * probability counts monotone lattice paths from (0,0) to (n_a, n_b) that leave the band |x/n_a -
 * y/n_b| < h/lcm (Hodges 1958; for equal sizes the closed alternating sum, otherwise the "inside"
 * recursion for 1-p of Viehmann, arXiv:2102.08037, with the sliding window). When that computation
 * breaks down (a result outside [0, 1]) or a sample is larger, the p-value is the one-sample
 * Kolmogorov distribution {@link KolmogorovDistribution#sf} at D with n = round(n_a n_b / (n_a +
 * n_b)).
 */
public final class KsTwoSample {
  private KsTwoSample() {}

  /** Above this size on either side scipy's 'auto' goes asymptotic. */
  static final int MAX_EXACT = 10_000;

  /** D and its p-value. */
  public record Result(double statistic, double pValue) {}

  /**
   * The raw statistic, before any rounding to the lattice.
   *
   * <p>One merge walk over the two samples' distinct values ({@link EcdfWalk}, shared with W1:
   * {@code b} keeps it for {@code a}), comparing the two ECDFs after each step. D is the largest
   * difference either way, so it does not depend on which sample is the first.
   */
  static double statistic(SortedSample a, SortedSample b) {
    return b.walkWith(a).ks();
  }

  /** The statistic and its two-sided p-value for samples of sizes n1 and n2. */
  public static Result test(SortedSample a, SortedSample b) {
    return pValue(a.size(), b.size(), statistic(a, b));
  }

  /** The p-value of statistic d for sizes n1, n2, and d as scipy reports it. */
  static Result pValue(int n1, int n2, double d) {
    if (Math.max(n1, n2) <= MAX_EXACT) {
      long g = gcd(n1, n2);
      long lcm = (n1 / g) * n2;
      long h = (long) Math.rint(d * lcm);
      double dl = h * 1.0 / lcm;
      if (h == 0) {
        return new Result(dl, 1.0);
      }
      double p = exactProbability(n1, n2, g, h);
      if (p >= 0 && p <= 1) {
        return new Result(dl, p);
      }
      d = dl;
    }
    double m = Math.max(n1, n2);
    double n = Math.min(n1, n2);
    double en = m * n / (m + n);
    double p = KolmogorovDistribution.sf((int) Math.rint(en), d);
    return new Result(d, KolmogorovDistribution.clip(p));
  }

  /**
   * Exact p-values already computed, by (n1, n2, h). Windows of a fixed count against one baseline
   * ask for the same sizes again and again, and a drift-free stream's statistics fall on a few
   * hundred lattice points, so most lookups hit; the computation is a pure function, so a hit is
   * bit-equal to recomputing. Cleared when it reaches {@link #CACHE_LIMIT} entries.
   */
  private static final ConcurrentHashMap<Long, Double> EXACT = new ConcurrentHashMap<>();

  static final int CACHE_LIMIT = 65_536;

  private static double exactProbability(int n1, int n2, long g, long h) {
    // n1, n2 <= 10,000 < 2^14 and h <= lcm <= 10^8 < 2^27: one long holds the key
    long key = ((long) n1 << 41) | ((long) n2 << 27) | h;
    Double known = EXACT.get(key);
    if (known != null) {
      return known;
    }
    double p = n1 == n2 ? probOutsideSquare(n1, (int) h) : probOutsideBand(n1, n2, g, h);
    if (EXACT.size() >= CACHE_LIMIT) {
      EXACT.clear();
    }
    EXACT.put(key, p);
    return p;
  }

  /**
   * P(D_{n,n} >= h/n) = 2 (A_1 - A_1 A_2 + A_1 A_2 A_3 - ...), each A_k a ratio of binomials
   * binom(2n, n - kh) / binom(2n, n - (k-1)h) written as h factors, nested like Horner's rule so no
   * term cancels another.
   */
  static double probOutsideSquare(int n, int h) {
    double p = 0.0;
    for (long k = (long) Math.floor((double) n / h); k >= 0; k--) {
      double p1 = 1.0;
      for (int j = 0; j < h; j++) {
        p1 = (n - k * h - j) * p1 / (n + k * h + j + 1);
      }
      p = p1 * (1.0 - p);
    }
    return 2 * p;
  }

  /**
   * The share of lattice paths from (0,0) to (m,n) that touch |n x - m y| >= h g (g = gcd): the
   * p-value of the two-sided exact test for unequal sizes.
   *
   * <p>v(x,y), the share of the paths from the origin to (x,y) that touch the outside, is 1 outside
   * the band and {@code (x v(x-1,y) + y v(x,y-1)) / (x+y)} inside it (C(x+y, x) paths, x/(x+y) of
   * them through the left neighbour), with v(0,0) = 0. scipy's {@code
   * _compute_outer_prob_inside_method} walks this column by column; here it runs anti-diagonal by
   * anti-diagonal (x + y = s): both neighbours of a cell lie on the previous diagonal and the
   * divisor s is the diagonal's own, so a diagonal is one loop of independent multiply-adds by 1/s,
   * which the JIT turns into SIMD. Every cell is a convex combination of non-negative values, so
   * rounding errors do not grow: the result stays within (m + n) * 4 ulp, relatively, of the
   * column-by-column recursion's (checked against it, and against scipy, in the tests).
   */
  static double probOutsideBand(int m0, int n0, long g, long h) {
    int m = Math.max(m0, n0);
    int n = Math.min(m0, n0);
    long mg = m / g;
    long ng = n / g;
    long step = mg + ng;
    // index x + 1 of a diagonal's array holds v(x, s - x); entries outside the band hold 1. The
    // JIT vectorises the cell loop only when every array is read at the same index, so the left
    // neighbours v(x-1, s-x) are copied, shifted by one, into their own array first.
    double[] below = new double[m + 3];
    double[] cur = new double[m + 3];
    double[] left = new double[m + 3];
    Arrays.fill(below, 1.0);
    Arrays.fill(cur, 1.0);
    double[] xs = new double[m + 3];
    for (int k = 0; k < xs.length; k++) {
      xs[k] = k - 1;
    }
    below[1] = 0.0;
    int prevLo = 0;
    int prevHi = 0;
    int olderLo = 0;
    int olderHi = 0;
    // inside the band: |ng x - mg (s - x)| < h, i.e. mg s - h < step x < mg s + h; both ends move
    // up by mg / step < 1 a diagonal, so they are tracked, not divided out
    long bandLo = Math.floorDiv(-h, step) + 1;
    long bandHi = Math.floorDiv(h - 1, step);
    for (int s = 1; s <= m + n; s++) {
      long base = mg * s;
      while (step * bandLo <= base - h) {
        bandLo++;
      }
      while (step * (bandHi + 1) < base + h) {
        bandHi++;
      }
      int lo = (int) Math.max(bandLo, Math.max(0, s - n));
      int hi = (int) Math.min(bandHi, Math.min(s, m));
      if (hi < lo) {
        return 1.0;
      }
      // cur held diagonal s - 2: what it had outside this diagonal's band goes back to 1
      for (int x = olderLo; x < Math.min(lo, olderHi + 1); x++) {
        cur[x + 1] = 1.0;
      }
      for (int x = Math.max(hi + 1, olderLo); x <= olderHi; x++) {
        cur[x + 1] = 1.0;
      }
      System.arraycopy(below, lo, left, lo + 1, hi - lo + 1);
      diagonal(cur, left, below, xs, lo + 1, hi + 2, s);
      olderLo = prevLo;
      olderHi = prevHi;
      prevLo = lo;
      prevHi = hi;
      double[] t = below;
      below = cur;
      cur = t;
    }
    return below[m + 1];
  }

  /** One diagonal's cells [from, to): a loop the JIT vectorises (every array at index k). */
  private static void diagonal(
      double[] cur, double[] left, double[] below, double[] xs, int from, int to, int s) {
    double sd = s;
    double inv = 1.0 / sd;
    for (int k = from; k < to; k++) {
      double fx = xs[k];
      cur[k] = (fx * left[k] + (sd - fx) * below[k]) * inv;
    }
  }

  static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
