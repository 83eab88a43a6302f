package dev.vernier.monitor.drift.stats;

/**
 * The exact distribution of the two-sided one-sample Kolmogorov-Smirnov statistic D_n, as scipy's
 * {@code stats.kstwo} computes it: which algorithm runs depends on n and on n*d^2, following Simard
 * and L'Ecuyer (2011), "Computing the Two-Sided Kolmogorov-Smirnov Distribution", J. Stat. Softw.
 * 39(11).
 *
 * <ul>
 *   <li>n*d <= 1 and d >= 1 - 1/n: Ruben and Gambino's closed forms;
 *   <li>d >= 1/2, and the upper tail: twice the one-sided {@link Smirnov} probability;
 *   <li>small n*d^2: Durbin's matrix algorithm with Marsaglia, Tsang and Wang's scaled powers;
 *   <li>n <= 140, moderate n*d^2: Pomeranz's recursion;
 *   <li>large n, small d: the Pelz-Good expansion.
 * </ul>
 *
 * The cut-offs are scipy's, so the two agree on which approximation a given (n, d) gets.
 */
public final class KolmogorovDistribution {
  private KolmogorovDistribution() {}

  private static final int E128 = 128;
  private static final double EP128 = Math.scalb(1.0, E128);
  private static final double EM128 = Math.scalb(1.0, -E128);
  private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
  private static final double LOG_2PI = Math.log(2 * Math.PI);
  private static final double PI2 = Math.pow(Math.PI, 2);
  private static final double PI4 = Math.pow(Math.PI, 4);
  private static final double PI6 = Math.pow(Math.PI, 6);
  private static final double SQRT3 = Math.sqrt(3);
  private static final int MIN_LOG = -708;

  /** Bernoulli B_2j / (2j (2j-1)), j = 8..1: Stirling's series for log(n!). */
  private static final double[] STIRLING = {
    -2.955065359477124183e-2, 6.4102564102564102564e-3,
    -1.9175269175269175269e-3, 8.4175084175084175084e-4,
    -5.952380952380952381e-4, 7.9365079365079365079e-4,
    -2.7777777777777777778e-3, 8.3333333333333333333e-2
  };

  /** P(D_n >= d), with kstwo's support (1/(2n), 1): 1 at and below it, 0 at and above 1. */
  public static double sf(int n, double d) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    if (Double.isNaN(d)) {
      return Double.NaN;
    }
    if (d <= 0.5 / n) {
      return 1.0;
    }
    if (d >= 1.0) {
      return 0.0;
    }
    return clip(survival(n, d));
  }

  private static double survival(int n, double x) {
    double t = n * x;
    if (t <= 1.0) {
      if (t <= 0.5) {
        return 1.0;
      }
      double cdf;
      if (n <= 140) {
        cdf = 1.0;
        double scale = (1.0 / n);
        for (int i = 1; i <= n; i++) {
          cdf *= i * scale * (2 * t - 1);
        }
      } else {
        cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
      }
      return clip(1.0 - cdf);
    }
    if (t >= n - 1) {
      return 2 * Math.pow(1.0 - x, n);
    }
    if (x >= 0.5) {
      return 2 * Smirnov.sf(n, x);
    }
    double nxSquared = t * x;
    if (n <= 140) {
      if (nxSquared <= 0.754693) {
        return 1.0 - clip(durbinCdf(n, x));
      }
      if (nxSquared <= 4) {
        return 1.0 - clip(pomeranzCdf(n, x));
      }
      return 2 * Smirnov.sf(n, x);
    }
    if (nxSquared >= 370.0) {
      return 0.0;
    }
    if (nxSquared >= 2.2) {
      return 2 * Smirnov.sf(n, x);
    }
    double cdf;
    if (n <= 100000 && n * Math.pow(x, 1.5) <= 1.4) {
      cdf = clip(durbinCdf(n, x));
    } else {
      cdf = pelzGoodCdf(n, x);
    }
    return 1.0 - clip(cdf);
  }

  public static double clip(double p) {
    return Math.min(1.0, Math.max(0.0, p));
  }

  /** log(n! / n^n) by Stirling's series without its n log n term. */
  static double logFactorialOverPower(int n) {
    double rn = 1.0 / n;
    double x = rn / n;
    double poly = 0;
    for (double c : STIRLING) {
      poly = poly * x + c;
    }
    return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
  }

  /**
   * P(D_n <= d) by Durbin's matrix: with d = (k - h)/n, the k-th diagonal entry of (n!/n^n) H^n for
   * an m x m matrix H, m = 2k - 1, raised by repeated squaring with powers of 2^128 kept apart.
   */
  static double durbinCdf(int n, double d) {
    if (d >= 1.0) {
      return 1.0;
    }
    double nd = n * d;
    if (nd <= 0.5) {
      return 0.0;
    }
    int k = (int) Math.ceil(nd);
    double h = k - nd;
    int m = 2 * k - 1;
    double[] v = new double[m];
    double[] w = new double[m];
    double fac = 1.0;
    for (int j = 1; j <= m; j++) {
      w[j - 1] = fac;
      fac /= j;
      v[j - 1] = (1.0 - Math.pow(h, j)) * fac;
    }
    double tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
    v[m - 1] = (1.0 + tt) * fac;
    double[] hm = new double[m * m];
    for (int i = 1; i < m; i++) {
      for (int r = i - 1; r < m; r++) {
        hm[r * m + i] = w[r - i + 1];
      }
    }
    for (int r = 0; r < m; r++) {
      hm[r * m] = v[r];
    }
    for (int c = 0; c < m; c++) {
      hm[(m - 1) * m + c] = v[m - 1 - c];
    }
    double[] power = new double[m * m];
    for (int i = 0; i < m; i++) {
      power[i * m + i] = 1.0;
    }
    double[] tmp = new double[m * m];
    int expnt = 0;
    int hExpnt = 0;
    for (int nn = n; nn > 0; nn /= 2) {
      if (nn % 2 == 1) {
        multiply(power, hm, tmp, m);
        double[] swap = power;
        power = tmp;
        tmp = swap;
        expnt += hExpnt;
      }
      multiply(hm, hm, tmp, m);
      double[] swap = hm;
      hm = tmp;
      tmp = swap;
      hExpnt *= 2;
      if (Math.abs(hm[(k - 1) * m + k - 1]) > EP128) {
        for (int i = 0; i < hm.length; i++) {
          hm[i] /= EP128;
        }
        hExpnt += E128;
      }
    }
    double p = power[(k - 1) * m + k - 1];
    for (int i = 1; i <= n; i++) {
      p = i * p / n;
      if (Math.abs(p) < EM128) {
        p *= EP128;
        expnt -= E128;
      }
    }
    return expnt != 0 ? Math.scalb(p, expnt) : p;
  }

  /** out = a * b for m x m row-major matrices; out is neither a nor b. */
  private static void multiply(double[] a, double[] b, double[] out, int m) {
    java.util.Arrays.fill(out, 0.0);
    for (int i = 0; i < m; i++) {
      int row = i * m;
      for (int l = 0; l < m; l++) {
        double ail = a[row + l];
        if (ail == 0.0) {
          continue;
        }
        int brow = l * m;
        for (int j = 0; j < m; j++) {
          out[row + j] += ail * b[brow + j];
        }
      }
    }
  }

  /**
   * P(D_n <= d) by Pomeranz's recursion: 2n+1 rows, each the convolution of the previous one with
   * (almost) Poisson weights, keeping only the band of entries that can be non-zero.
   */
  static double pomeranzCdf(int n, double x) {
    double t = n * x;
    int ll = (int) Math.floor(t);
    double f = 1.0 * (t - ll);
    double g = Math.min(f, 1.0 - f);
    int ceilf = f > 0 ? 1 : 0;
    int roundf = f > 0.5 ? 1 : 0;
    int npwrs = 2 * (ll + 1);
    double[] gpower = new double[npwrs];
    double[] twogpower = new double[npwrs];
    double[] onem2gpower = new double[npwrs];
    gpower[0] = 1.0;
    twogpower[0] = 1.0;
    onem2gpower[0] = 1.0;
    double gOverN = g / n;
    double twoGOverN = 2 * g / n;
    double oneMinusTwoGOverN = (1 - 2 * g) / n;
    for (int m = 1; m < npwrs; m++) {
      gpower[m] = gpower[m - 1] * gOverN / m;
      twogpower[m] = twogpower[m - 1] * twoGOverN / m;
      onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / m;
    }
    double[] v0 = new double[npwrs];
    double[] v1 = new double[npwrs];
    v1[0] = 1;
    int v0s = 0;
    int v1s = 0;
    int expnt = 0;
    int[] j12 = pomeranzBand(0, n, ll, ceilf, roundf);
    for (int i = 1; i < 2 * n + 2; i++) {
      int k1 = j12[0];
      double[] swap = v0;
      v0 = v1;
      v1 = swap;
      int swaps = v0s;
      v0s = v1s;
      v1s = swaps;
      java.util.Arrays.fill(v1, 0.0);
      j12 = pomeranzBand(i, n, ll, ceilf, roundf);
      int j1 = j12[0];
      int j2 = j12[1];
      double[] pwrs = (i == 1 || i == 2 * n + 1) ? gpower : (i % 2 == 1 ? twogpower : onem2gpower);
      int ln2 = j2 - k1 + 1;
      if (ln2 > 0) {
        int from = k1 - v0s;
        if (from < 0) {
          throw new IllegalStateException("Pomeranz band starts before its row");
        }
        int len = Math.max(0, Math.min(ln2, npwrs - from));
        int convStart = j1 - k1;
        int convLen = j2 - j1 + 1;
        double max = 0;
        for (int r = 0; r < convLen; r++) {
          // entry convStart + r of the full convolution of v0[from, from+len) with pwrs[0, ln2)
          int c = convStart + r;
          double s = 0;
          for (int a = Math.max(0, c - ln2 + 1); a <= Math.min(c, len - 1); a++) {
            s += v0[from + a] * pwrs[c - a];
          }
          v1[r] = s;
          max = Math.max(max, s);
        }
        if (max > 0 && max < EM128) {
          for (int r = 0; r < v1.length; r++) {
            v1[r] *= EP128;
          }
          expnt -= E128;
        }
        v1s = v0s + j1 - k1;
      }
    }
    double ans = v1[n - v1s];
    for (int m = 1; m <= n; m++) {
      if (Math.abs(ans) > EP128) {
        ans *= EM128;
        expnt += E128;
      }
      ans *= m;
    }
    return expnt != 0 ? Math.scalb(ans, expnt) : ans;
  }

  /** The columns [j1, j2] of row i that can be non-zero in Pomeranz's recursion. */
  private static int[] pomeranzBand(int i, int n, int ll, int ceilf, int roundf) {
    int j1;
    int j2;
    if (i == 0) {
      j1 = -ll - ceilf - 1;
      j2 = ll + ceilf - 1;
    } else {
      int half = (i + 1) / 2;
      if ((i + 1) % 2 == 0) {
        if (half == n + 1) {
          j1 = n - ll - ceilf - 1;
          j2 = n + ll + ceilf - 1;
        } else {
          j1 = half - 1 - ll - roundf - 1;
          j2 = half + ll - 1 + ceilf - 1;
        }
      } else {
        j1 = half - 1 - ll - 1;
        j2 = half + ll + roundf - 1;
      }
    }
    return new int[] {Math.max(j1 + 2, 0), Math.min(j2, n)};
  }

  /**
   * P(D_n <= d) by Pelz and Good's expansion of the Li-Chien/Korolyuk series in 1/sqrt(n), with
   * each term's theta-function sums evaluated for small sqrt(n) d.
   */
  static double pelzGoodCdf(int n, double x) {
    if (x <= 0.0) {
      return 0.0;
    }
    if (x >= 1.0) {
      return 1.0;
    }
    double z = Math.sqrt(n) * x;
    double z2 = Math.pow(z, 2);
    double z3 = Math.pow(z, 3);
    double z4 = Math.pow(z, 4);
    double z6 = Math.pow(z, 6);
    double qlog = -PI2 / 8 / z2;
    if (qlog < MIN_LOG) {
      return 0.0;
    }
    double q = Math.exp(qlog);
    double k1a = -z2;
    double k1b = PI2 / 4;
    double k2a = 6 * z6 + 2 * z4;
    double k2b = (2 * z4 - 5 * z2) * PI2 / 4;
    double k2c = PI4 * (1 - 2 * z2) / 16;
    double k3d = PI6 * (5 - 30 * z2) / 64;
    double k3c = PI4 * (-60 * z2 + 212 * z4) / 16;
    double k3b = PI2 * (135 * z4 - 96 * z6) / 4;
    double k3a = -30 * z6 - 90 * Math.pow(z, 8);
    double[] k = new double[4];
    int maxk = (int) Math.ceil(16 * z / Math.PI);
    for (int i = maxk; i > 0; i--) {
      double m = 2 * i - 1;
      double m2 = Math.pow(m, 2);
      double m4 = Math.pow(m, 4);
      double m6 = Math.pow(m, 6);
      double qpower = Math.pow(q, 8 * i);
      k[0] = k[0] * qpower + 1.0;
      k[1] = k[1] * qpower + (k1a + k1b * m2);
      k[2] = k[2] * qpower + (k2a + k2b * m2 + k2c * m4);
      k[3] = k[3] * qpower + (k3a + k3b * m2 + k3c * m4 + k3d * m6);
    }
    double[] divisors = {z, 6 * z4, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)};
    for (int i = 0; i < 4; i++) {
      k[i] = k[i] * q * SQRT_2PI / divisors[i];
    }
    double q2 = Math.exp(-PI2 / 2 / z2);
    double sqrt3z = SQRT3 * z;
    double k2extra = 0;
    double k3extra = 0;
    for (int i = maxk; i > 0; i--) {
      double ksq = (double) i * i;
      double qp = Math.pow(q2, ksq);
      double kspi = Math.PI * i;
      k2extra += ksq * qp;
      k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
    }
    k[2] += k2extra * (PI2 * SQRT_2PI / (-36 * z3));
    k[3] += k3extra * (PI2 * SQRT_2PI / (216 * z6));
    double sum = 0;
    for (int i = 0; i < 4; i++) {
      sum += k[i] / Math.pow(n * 1.0, i / 2.0);
    }
    return sum;
  }
}
