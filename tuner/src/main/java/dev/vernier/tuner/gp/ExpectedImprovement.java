package dev.vernier.tuner.gp;

/**
 * Expected improvement below the incumbent {@code best} of a normal prediction (mean {@code μ},
 * standard deviation {@code σ}), in logarithms so that tiny improvements far from the incumbent
 * still rank:
 *
 * <pre>
 *   EI = σ h(z),  z = (best − μ) / σ,  h(z) = z Φ(z) + φ(z)
 * </pre>
 *
 * For {@code z < −5} {@code h} is taken from its asymptotic series {@code φ(z)/z² (1 − 3/z² + 15/z⁴
 * − 105/z⁶)}, where the direct formula cancels.
 */
public final class ExpectedImprovement {
  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

  private ExpectedImprovement() {}

  /** {@code log EI}; {@code -∞} only when σ is 0 and μ is not below {@code best}. */
  public static double logEi(double mean, double sd, double best) {
    if (!(sd > 0)) {
      return mean < best ? Math.log(best - mean) : Double.NEGATIVE_INFINITY;
    }
    double z = (best - mean) / sd;
    return Math.log(sd) + logH(z);
  }

  /** {@code log h(z)}. */
  static double logH(double z) {
    if (z > -5) {
      double h = z * cdf(z) + pdf(z);
      return Math.log(Math.max(h, Double.MIN_NORMAL));
    }
    double z2 = z * z;
    double series = 1 - 3 / z2 + 15 / (z2 * z2) - 105 / (z2 * z2 * z2);
    return -0.5 * z2 - LOG_SQRT_2PI - Math.log(z2) + Math.log(series);
  }

  /** The standard normal density. */
  public static double pdf(double z) {
    return Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
  }

  /** The standard normal distribution function, to about 1e-7 relative. */
  public static double cdf(double z) {
    return 0.5 * erfc(-z / Math.sqrt(2));
  }

  /** The complementary error function (Chebyshev fit, fractional error below 1.2e-7). */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r =
        t
            * Math.exp(
                -z * z
                    - 1.26551223
                    + t
                        * (1.00002368
                            + t
                                * (0.37409196
                                    + t
                                        * (0.09678418
                                            + t
                                                * (-0.18628806
                                                    + t
                                                        * (0.27886807
                                                            + t
                                                                * (-1.13520398
                                                                    + t
                                                                        * (1.48851587
                                                                            + t
                                                                                * (-0.82215223
                                                                                    + t
                                                                                        * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }
}
