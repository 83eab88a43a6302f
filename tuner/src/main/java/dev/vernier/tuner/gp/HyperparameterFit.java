package dev.vernier.tuner.gp;

import java.util.SplittableRandom;

/**
 * Fits a Gaussian process's hyperparameters by maximising the log marginal likelihood plus weak
 * log-normal priors (a maximum a posteriori fit: with a dozen points the plain likelihood prefers
 * degenerate length scales), with L-BFGS from a fixed start and seeded random restarts.
 *
 * <p>Each hyperparameter lives in a box (length scales 0.01 to 20 of the unit cube, signal variance
 * 0.05 to 20 and noise variance 1e-6 to 1 of the standardised objective); the search runs on {@code
 * z} with {@code θ = lo + (hi − lo) · sigmoid(z)}, so it never leaves the box. The result is a pure
 * function of the data, the seed and the settings.
 */
public final class HyperparameterFit {
  static final double LOG_LENGTH_LO = Math.log(0.01);
  static final double LOG_LENGTH_HI = Math.log(20);
  static final double LOG_SIGNAL_LO = Math.log(0.05);
  static final double LOG_SIGNAL_HI = Math.log(20);
  static final double LOG_NOISE_LO = Math.log(1e-6);
  static final double LOG_NOISE_HI = Math.log(1);

  private static final double LENGTH_PRIOR_SD = 1.0;
  private static final double SIGNAL_PRIOR_MEAN = 0;
  private static final double SIGNAL_PRIOR_SD = 1.5;
  private static final double NOISE_PRIOR_MEAN = Math.log(1e-3);
  private static final double NOISE_PRIOR_SD = 2.5;

  private final int restarts;
  private final int maxIterations;

  /**
   * @param restarts random starts besides the fixed one
   * @param maxIterations L-BFGS iterations per start
   */
  public HyperparameterFit(int restarts, int maxIterations) {
    this.restarts = restarts;
    this.maxIterations = maxIterations;
  }

  /** The prior's centre for a log length scale in a {@code dim}-coordinate cube. */
  static double lengthPriorMean(int dim) {
    // longer scales for more coordinates keep the prior's typical distance between points sensible
    return Math.log(0.5) + 0.5 * Math.log(Math.max(1, dim / 2.0));
  }

  /** The prior's centre, which is also the fit's first start. */
  public static GpHyperparameters priorMean(int dim) {
    double[] t = new double[dim + 2];
    java.util.Arrays.fill(t, 0, dim, lengthPriorMean(dim));
    t[dim] = SIGNAL_PRIOR_MEAN;
    t[dim + 1] = NOISE_PRIOR_MEAN;
    return GpHyperparameters.fromVector(t);
  }

  /**
   * The fitted hyperparameters for the targets {@code y} at {@code xs} (see {@link
   * MarginalLikelihood}).
   */
  public GpHyperparameters fit(double[] xs, double[] y, int dim, long seed) {
    MarginalLikelihood ml = new MarginalLikelihood(xs, y, dim);
    int p = dim + 2;
    double[] lo = new double[p];
    double[] hi = new double[p];
    double[] mu = new double[p];
    double[] sd = new double[p];
    for (int d = 0; d < dim; d++) {
      lo[d] = LOG_LENGTH_LO;
      hi[d] = LOG_LENGTH_HI;
      mu[d] = lengthPriorMean(dim);
      sd[d] = LENGTH_PRIOR_SD;
    }
    lo[dim] = LOG_SIGNAL_LO;
    hi[dim] = LOG_SIGNAL_HI;
    mu[dim] = SIGNAL_PRIOR_MEAN;
    sd[dim] = SIGNAL_PRIOR_SD;
    lo[dim + 1] = LOG_NOISE_LO;
    hi[dim + 1] = LOG_NOISE_HI;
    mu[dim + 1] = NOISE_PRIOR_MEAN;
    sd[dim + 1] = NOISE_PRIOR_SD;

    double[] theta = new double[p];
    double[] gTheta = new double[p];
    Lbfgs.Objective objective =
        (z, gz) -> {
          for (int i = 0; i < p; i++) {
            theta[i] = lo[i] + (hi[i] - lo[i]) * sigmoid(z[i]);
          }
          double v = ml.valueAndGradient(theta, gTheta);
          if (!Double.isFinite(v)) {
            return Double.POSITIVE_INFINITY;
          }
          for (int i = 0; i < p; i++) {
            double u = (theta[i] - mu[i]) / sd[i];
            v -= 0.5 * u * u;
            double s = sigmoid(z[i]);
            // minimise −(log likelihood + log prior) in z
            gz[i] = -(gTheta[i] - u / sd[i]) * (hi[i] - lo[i]) * s * (1 - s);
          }
          return -v;
        };

    SplittableRandom rng = new SplittableRandom(seed);
    double[] best = null;
    double bestValue = Double.POSITIVE_INFINITY;
    for (int r = 0; r <= restarts; r++) {
      double[] z0 = new double[p];
      for (int i = 0; i < p; i++) {
        double t = r == 0 ? mu[i] : mu[i] + sd[i] * normal(rng);
        double u = (Math.min(hi[i], Math.max(lo[i], t)) - lo[i]) / (hi[i] - lo[i]);
        u = Math.min(1 - 1e-6, Math.max(1e-6, u));
        z0[i] = Math.log(u / (1 - u));
      }
      Lbfgs.Result res = Lbfgs.minimize(objective, z0, maxIterations, 1e-5);
      if (res.value() < bestValue) {
        bestValue = res.value();
        best = res.x();
      }
    }
    double[] out = new double[p];
    for (int i = 0; i < p; i++) {
      out[i] = best == null ? mu[i] : lo[i] + (hi[i] - lo[i]) * sigmoid(best[i]);
    }
    return GpHyperparameters.fromVector(out);
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static double normal(SplittableRandom rng) {
    double u1 = 1 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
