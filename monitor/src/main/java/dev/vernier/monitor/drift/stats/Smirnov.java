package dev.vernier.monitor.drift.stats;

/**
 * The one-sided Kolmogorov-Smirnov (Smirnov) survival function P(D+_n >= x), by the
 * Smirnov/Birnbaum-Tingey sum
 *
 * <pre>
 *   x * sum_{v=0}^{floor(n(1-x))} C(n,v) (x + v/n)^(v-1) (1 - x - v/n)^(n-v)
 * </pre>
 *
 * with the special cases scipy's {@code special.smirnov} has (van Mulbregt, arXiv:1802.06966). All
 * terms of this sum are positive, so it is summed in logarithms: no term overflows or underflows
 * before its exponential is taken, and the result is accurate to about 1e-12 relative (scipy's
 * double-double arithmetic gets closer to 1e-16, which nothing here needs). Terms are added until
 * the rest cannot change the sum, as scipy stops.
 *
 * <p>scipy switches to the alternating sum over the few terms above n(1-x) when x <= 1/(2 sqrt n);
 * the two-sided distribution only calls this for n x^2 >= 2.2 or x >= 1/2, where it never does, so
 * that branch is left out.
 */
public final class Smirnov {
  private Smirnov() {}

  private static final double MIN_LOG = -7.08396418532264106224e2;
  private static final double EPS = Math.ulp(1.0);

  /** P(D+_n >= x). */
  public static double sf(int n, double x) {
    if (!(n > 0 && x >= 0.0 && x <= 1.0)) {
      return Double.NaN;
    }
    if (n == 1) {
      return 1 - x;
    }
    if (x == 0.0) {
      return 1.0;
    }
    if (x == 1.0) {
      return 0.0;
    }
    // n*x = nxHi + nxLo exactly, then its floor and fractional part
    double nxHi = n * x;
    double nxLo = Math.fma(n, x, -nxHi);
    double fl = Math.floor(nxHi);
    double alpha = (nxHi - fl) + nxLo;
    if (alpha < 0) {
      fl -= 1;
      alpha += 1;
    }
    if (alpha >= 1) {
      fl += 1;
      alpha = 0;
    }
    int nxfl = (int) fl;
    if (nxfl == 0 || (nxfl == 1 && alpha == 0)) {
      // x <= 1/n: the sum has the single term v = 0 of its complement
      double cdf = x * Math.pow(1 + x, n - 1);
      return KolmogorovDistribution.clip(1 - cdf);
    }
    if (-2 * n * x * x < MIN_LOG) {
      return 0.0;
    }
    if (nxfl >= n - 1) {
      return KolmogorovDistribution.clip(Math.pow(1 - x, n));
    }
    if (n > 1_000_000) {
      double logp = -Math.pow(6.0 * n * x + 1, 2) / 18.0 / n;
      return KolmogorovDistribution.clip(
          logp < -Math.log(2) ? Math.exp(logp) : 1 + Math.expm1(logp));
    }
    // the last v with x + v/n < 1
    int last = n - nxfl - 1;
    int terms = last + 1;
    int vmid = n / 2;
    double logC = 0; // log C(n, v)
    double sum = 0;
    for (int v = 0; v <= last; v++) {
      if (v > 0) {
        logC += Math.log((double) (n - v + 1) / v);
      }
      double upper = (v + nxHi + nxLo) / n; // x + v/n
      double lower = (((n - v) - nxHi) - nxLo) / n; // 1 - x - v/n
      double logTerm = logC + (v - 1) * Math.log(upper) + (n - v) * Math.log(lower);
      double term = Math.exp(logTerm);
      sum += term;
      if (term != 0.0) {
        if (4.0 * (terms - v) * term < EPS * sum && v != last) {
          break;
        }
      } else if (v > vmid) {
        break;
      }
    }
    return KolmogorovDistribution.clip(x * sum);
  }
}
