package dev.vernier.monitor.drift;

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
final class KsTwoSample {
  private KsTwoSample() {}

  /** Above this size on either side scipy's 'auto' goes asymptotic. */
  static final int MAX_EXACT = 10_000;

  /** D and its p-value. */
  record Result(double statistic, double pValue) {}

  /** The raw statistic, before any rounding to the lattice. */
  static double statistic(SortedSample a, SortedSample b) {
    double[] va = a.distinct;
    double[] vb = b.distinct;
    int[] ca = a.atMost;
    int[] cb = b.atMost;
    int na = a.size();
    int nb = b.size();
    int i = 0;
    int j = 0;
    int countA = 0;
    int countB = 0;
    double max = 0;
    double min = 0;
    while (i < va.length || j < vb.length) {
      double x = i < va.length ? (j < vb.length ? Math.min(va[i], vb[j]) : va[i]) : vb[j];
      if (i < va.length && va[i] == x) {
        countA = ca[i++];
      }
      if (j < vb.length && vb[j] == x) {
        countB = cb[j++];
      }
      double diff = (double) countA / na - (double) countB / nb;
      if (diff > max) {
        max = diff;
      } else if (diff < min) {
        min = diff;
      }
    }
    double minS = Math.min(1.0, Math.max(0.0, -min));
    return minS > max ? minS : max;
  }

  /** The statistic and its two-sided p-value for samples of sizes n1 and n2. */
  static Result test(SortedSample a, SortedSample b) {
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
      double p = n1 == n2 ? probOutsideSquare(n1, (int) h) : probOutsideBand(n1, n2, g, h);
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
   * The share of lattice paths from (0,0) to (m,n) that touch |n x - m y| >= h g (g = gcd), as 1
   * minus the share that stay inside, the inside share's recursion rewritten to carry "1 - share"
   * directly and normalised column by column (so no binomial is ever formed).
   */
  static double probOutsideBand(int m0, int n0, long g, long h) {
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

  static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
