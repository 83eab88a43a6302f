package dev.vernier.tuner.gp;

/**
 * The log marginal likelihood of a data set under a zero-mean Matérn 5/2 Gaussian process, and its
 * gradient with respect to {@code θ = [log ℓ_1 .. log ℓ_D, log s², log σ²]}:
 *
 * <pre>
 *   log p(y | θ) = −½ yᵀK⁻¹y − ½ log|K| − (n/2) log 2π
 *   ∂/∂θ_k       = ½ tr((ααᵀ − K⁻¹) ∂K/∂θ_k),   α = K⁻¹y
 * </pre>
 *
 * Dense {@code O(n³)} linear algebra on {@code double[]}: meant for the few hundred points the
 * hyperparameters are fitted on. Not thread-safe (it keeps its work arrays).
 */
public final class MarginalLikelihood {
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private final double[] xs;
  private final double[] y;
  private final int n;
  private final int dim;
  private final double[] k;
  private final double[] lengthFactor;
  private final double[] chol;
  private final double[] lowerInverse;
  private final double[] inv;
  private final double[] alpha;

  /**
   * @param xs {@code n} points of {@code dim} coordinates, one after another
   * @param y the targets
   */
  public MarginalLikelihood(double[] xs, double[] y, int dim) {
    this.n = y.length;
    this.dim = dim;
    this.xs = xs.clone();
    this.y = y.clone();
    k = new double[n * n];
    lengthFactor = new double[n * n];
    chol = new double[n * n];
    lowerInverse = new double[n * n];
    inv = new double[n * n];
    alpha = new double[n];
  }

  public int size() {
    return n;
  }

  /**
   * The log marginal likelihood at {@code theta}; when {@code grad} is not null its gradient is
   * written there. Returns {@code -∞} where the covariance is not positive definite.
   */
  public double valueAndGradient(double[] theta, double[] grad) {
    GpHyperparameters h = GpHyperparameters.fromVector(theta);
    double[] invL2 = h.invL2();
    double signal = h.signalVariance();
    double noise = h.noiseVariance();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double r = Math.sqrt(Matern52.scaledDistance2(xs, i * dim, xs, j * dim, invL2, dim));
        double c = signal * Matern52.correlation(r);
        k[i * n + j] = c;
        lengthFactor[i * n + j] = Matern52.lengthScaleFactor(r, signal);
      }
      k[i * n + i] = h.diagonal();
    }
    if (!cholesky()) {
      return Double.NEGATIVE_INFINITY;
    }
    double value = -0.5 * n * LOG_2PI;
    for (int i = 0; i < n; i++) {
      double s = y[i];
      for (int j = 0; j < i; j++) {
        s -= chol[i * n + j] * alpha[j];
      }
      alpha[i] = s / chol[i * n + i];
      value -= Math.log(chol[i * n + i]);
    }
    for (int i = 0; i < n; i++) {
      value -= 0.5 * alpha[i] * alpha[i]; // yᵀK⁻¹y = |L⁻¹y|²
    }
    if (grad == null) {
      return value;
    }
    for (int i = n - 1; i >= 0; i--) {
      double a = alpha[i] / chol[i * n + i];
      alpha[i] = a;
      for (int j = 0; j < i; j++) {
        alpha[j] -= chol[i * n + j] * a;
      }
    }
    inverse();
    java.util.Arrays.fill(grad, 0);
    double gSignal = 0;
    double gNoise = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double w = alpha[i] * alpha[j] - inv[i * n + j]; // both halves: ½ · 2
        gSignal += w * k[i * n + j];
        double f = w * lengthFactor[i * n + j];
        for (int d = 0; d < dim; d++) {
          double t = xs[i * dim + d] - xs[j * dim + d];
          grad[d] += f * t * t * invL2[d];
        }
      }
      double w = 0.5 * (alpha[i] * alpha[i] - inv[i * n + i]);
      gSignal += w * signal;
      gNoise += w * noise;
    }
    grad[dim] = gSignal;
    grad[dim + 1] = gNoise;
    return value;
  }

  /** Lower Cholesky factor of {@code k} (lower half read) into {@code chol}. */
  private boolean cholesky() {
    for (int i = 0; i < n; i++) {
      int ri = i * n;
      for (int j = 0; j <= i; j++) {
        int rj = j * n;
        double s = k[ri + j] - GaussianProcess.dot(chol, ri, chol, rj, j);
        if (i == j) {
          if (!(s > 0)) {
            return false;
          }
          chol[ri + i] = Math.sqrt(s);
        } else {
          chol[ri + j] = s / chol[rj + j];
        }
      }
    }
    return true;
  }

  /** Lower half of {@code K⁻¹ = L⁻ᵀ L⁻¹} into {@code inv}. */
  private void inverse() {
    double[] li = lowerInverse;
    java.util.Arrays.fill(li, 0);
    // row i of L⁻¹: (e_i − Σ_{m<i} L_im · row m of L⁻¹) / L_ii, as contiguous row updates
    for (int i = 0; i < n; i++) {
      int ri = i * n;
      for (int m = 0; m < i; m++) {
        double a = chol[ri + m];
        int rm = m * n;
        for (int c = 0; c <= m; c++) {
          li[ri + c] -= a * li[rm + c];
        }
      }
      double d = 1 / chol[ri + i];
      for (int c = 0; c < i; c++) {
        li[ri + c] *= d;
      }
      li[ri + i] = d;
    }
    java.util.Arrays.fill(inv, 0);
    // inv_ij = Σ_{m ≥ i} li_mi li_mj for j ≤ i
    for (int m = 0; m < n; m++) {
      int rm = m * n;
      for (int i = 0; i <= m; i++) {
        double a = li[rm + i];
        int ri = i * n;
        for (int j = 0; j <= i; j++) {
          inv[ri + j] += a * li[rm + j];
        }
      }
    }
  }
}
