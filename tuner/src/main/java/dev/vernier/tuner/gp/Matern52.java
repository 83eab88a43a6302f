package dev.vernier.tuner.gp;

/**
 * The Matérn 5/2 covariance with one length scale per dimension (ARD):
 *
 * <pre>
 *   k(x, x') = s² (1 + √5 r + 5r²/3) exp(−√5 r),   r² = Σ_d (x_d − x'_d)² / ℓ_d²
 * </pre>
 *
 * Twice differentiable sample paths: smooth enough for hyperparameter response surfaces, rough
 * enough not to oversmooth them (the usual choice in Bayesian optimisation since Snoek et al.
 * 2012). Stateless; the length scales are passed as inverse squares, {@code 1 / ℓ_d²}.
 */
public final class Matern52 {
  static final double SQRT5 = Math.sqrt(5);

  private Matern52() {}

  /** {@code k(r) / s²} for the scaled distance {@code r}. */
  public static double correlation(double r) {
    double sr = SQRT5 * r;
    return (1 + sr + sr * sr / 3) * Math.exp(-sr);
  }

  /** The scaled squared distance between {@code a[ao ..]} and {@code b[bo ..]}. */
  static double scaledDistance2(double[] a, int ao, double[] b, int bo, double[] invL2, int dim) {
    double s = 0;
    for (int d = 0; d < dim; d++) {
      double t = a[ao + d] - b[bo + d];
      s += t * t * invL2[d];
    }
    return s;
  }

  /** {@code k(a, b)} for points at {@code a[ao ..]} and {@code b[bo ..]}. */
  public static double value(
      double[] a, int ao, double[] b, int bo, double[] invL2, int dim, double signalVariance) {
    return signalVariance * correlation(Math.sqrt(scaledDistance2(a, ao, b, bo, invL2, dim)));
  }

  /**
   * {@code ∂k / ∂ log ℓ_d = (5/3) s² (1 + √5 r) exp(−√5 r) · (x_d − x'_d)² / ℓ_d²}: the factor in
   * front of the per-dimension term, for the scaled distance {@code r}.
   */
  static double lengthScaleFactor(double r, double signalVariance) {
    double sr = SQRT5 * r;
    return 5.0 / 3.0 * signalVariance * (1 + sr) * Math.exp(-sr);
  }
}
