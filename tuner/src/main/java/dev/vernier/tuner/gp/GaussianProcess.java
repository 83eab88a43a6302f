package dev.vernier.tuner.gp;

import java.util.Arrays;

/**
 * A Gaussian process regression model with fixed hyperparameters, a zero prior mean and a Matérn
 * 5/2 kernel, grown one observation at a time.
 *
 * <p>The Cholesky factor {@code K = L Lᵀ} of the observations' covariance is kept row by row
 * (packed lower triangle): adding an observation appends one row, {@code O(n²)}, and dropping the
 * last rows ({@link #truncate}) is free, which is how fantasised observations of running trials are
 * added and removed. Appending rows in order is exactly the row-oriented (Cholesky–Banachiewicz)
 * factorisation, so a model grown step by step is bit-for-bit the model built at once from the same
 * points.
 *
 * <p>Targets are set separately ({@link #setTargets}, {@code O(n²)}), as they change whenever the
 * objective's standardisation does. Not thread-safe.
 */
public final class GaussianProcess implements Posterior {
  private static final double LOG_2PI = Math.log(2 * Math.PI);

  private final int dim;
  private final GpHyperparameters h;
  private final double[] invL2;
  private final double signal;
  private double[] xs = new double[0];
  private double[] chol = new double[0];
  private double[] alpha = new double[0];
  private double[] targets = new double[0];
  private int n;
  private int capacity;
  private boolean targetsSet;
  private final double[][] work = new double[1][];

  public GaussianProcess(GpHyperparameters h) {
    this.h = h;
    this.dim = h.dimension();
    this.invL2 = h.invL2();
    this.signal = h.signalVariance();
  }

  public GpHyperparameters hyperparameters() {
    return h;
  }

  public int size() {
    return n;
  }

  @Override
  public int dimension() {
    return dim;
  }

  /** Whether point {@code i} equals {@code x[off ..]}. */
  public boolean samePoint(int i, double[] x, int off) {
    return Arrays.equals(xs, i * dim, (i + 1) * dim, x, off, off + dim);
  }

  /**
   * Appends the observation at {@code x[off ..]}; its target comes with the next {@link
   * #setTargets}.
   */
  public void add(double[] x, int off) {
    ensureCapacity(n + 1);
    System.arraycopy(x, off, xs, n * dim, dim);
    int base = n * (n + 1) / 2;
    for (int j = 0; j < n; j++) {
      chol[base + j] = Matern52.value(xs, n * dim, xs, j * dim, invL2, dim, signal);
    }
    double sumSq = 0;
    for (int j = 0; j < n; j++) {
      int bj = j * (j + 1) / 2;
      double v = (chol[base + j] - dot(chol, bj, chol, base, j)) / chol[bj + j];
      chol[base + j] = v;
      sumSq += v * v;
    }
    double d = h.diagonal() - sumSq;
    // rounding can leave a near-duplicate point with a non-positive pivot; keep the factor valid
    chol[base + n] = Math.sqrt(Math.max(d, 1e-12 * signal));
    n++;
    targetsSet = false;
  }

  /** Drops every observation after the first {@code size}. */
  public void truncate(int size) {
    if (size < 0 || size > n) {
      throw new IllegalArgumentException("size must be between 0 and " + n + ", got " + size);
    }
    n = size;
    targetsSet = false;
  }

  /** Sets the targets of the {@link #size()} observations and solves {@code α = K⁻¹ y}. */
  public void setTargets(double[] y) {
    if (y.length < n) {
      throw new IllegalArgumentException("need " + n + " targets, got " + y.length);
    }
    System.arraycopy(y, 0, targets, 0, n);
    // forward: z = L⁻¹ y
    for (int i = 0; i < n; i++) {
      int bi = i * (i + 1) / 2;
      alpha[i] = (y[i] - dot(chol, bi, alpha, 0, i)) / chol[bi + i];
    }
    // backward: α = L⁻ᵀ z, sweeping columns of Lᵀ as rows of L
    for (int i = n - 1; i >= 0; i--) {
      int bi = i * (i + 1) / 2;
      double a = alpha[i] / chol[bi + i];
      alpha[i] = a;
      for (int j = 0; j < i; j++) {
        alpha[j] -= chol[bi + j] * a;
      }
    }
    targetsSet = true;
  }

  /**
   * The posterior mean and variance of the latent function at {@code count} points stored one after
   * another in {@code points} ({@code dimension()} coordinates each): {@code O(n²)} per point, in
   * one batched forward substitution.
   */
  @Override
  public void predict(double[] points, int count, double[] mean, double[] variance) {
    checkTargets();
    if (work[0] == null || work[0].length < n * count) {
      work[0] = new double[Math.max(n * count, 1)];
    }
    double[] v = work[0];
    Arrays.fill(mean, 0, count, 0);
    Arrays.fill(variance, 0, count, signal);
    // v[j * count + b] = k(x_j, point_b)
    for (int j = 0; j < n; j++) {
      int row = j * count;
      double aj = alpha[j];
      for (int b = 0; b < count; b++) {
        double k = Matern52.value(points, b * dim, xs, j * dim, invL2, dim, signal);
        v[row + b] = k;
        mean[b] += k * aj;
      }
    }
    // forward substitution for all points at once: v_i = (k_i − Σ_{j<i} L_ij v_j) / L_ii
    for (int i = 0; i < n; i++) {
      int bi = i * (i + 1) / 2;
      int ri = i * count;
      for (int j = 0; j < i; j++) {
        double lij = chol[bi + j];
        int rj = j * count;
        for (int b = 0; b < count; b++) {
          v[ri + b] -= lij * v[rj + b];
        }
      }
      double inv = 1 / chol[bi + i];
      for (int b = 0; b < count; b++) {
        double t = v[ri + b] * inv;
        v[ri + b] = t;
        variance[b] -= t * t;
      }
    }
    for (int b = 0; b < count; b++) {
      variance[b] = Math.max(variance[b], 1e-12 * signal);
    }
  }

  /**
   * Like {@link #predict}, but each variance is the posterior variance given only the {@code m}
   * observations most correlated with the point: an upper bound of the exact variance (fewer
   * observations leave more uncertainty) that is tight where the nearest points dominate, for
   * {@code O(n + m³)} per point instead of {@code O(n²)}. Means are exact.
   */
  @Override
  public void predictLocal(double[] points, int count, double[] mean, double[] variance, int m) {
    checkTargets();
    m = Math.min(m, n);
    int[] near = new int[m];
    double[] nearK = new double[m];
    double[] a = new double[m * m];
    double[] z = new double[m];
    for (int b = 0; b < count; b++) {
      int po = b * dim;
      double mu = 0;
      int kept = 0;
      for (int j = 0; j < n; j++) {
        double k = Matern52.value(points, po, xs, j * dim, invL2, dim, signal);
        mu += k * alpha[j];
        if (kept < m || k > nearK[kept - 1]) {
          // insertion into the m largest, kept in decreasing order
          int pos = kept < m ? kept++ : m - 1;
          while (pos > 0 && nearK[pos - 1] < k) {
            nearK[pos] = nearK[pos - 1];
            near[pos] = near[pos - 1];
            pos--;
          }
          nearK[pos] = k;
          near[pos] = j;
        }
      }
      mean[b] = mu;
      // Cholesky of the m×m covariance of the nearest observations, then |L⁻¹ k_S|²
      double q = 0;
      for (int i = 0; i < kept; i++) {
        for (int j = 0; j < i; j++) {
          double s = Matern52.value(xs, near[i] * dim, xs, near[j] * dim, invL2, dim, signal);
          s -= dot(a, i * m, a, j * m, j);
          a[i * m + j] = s / a[j * m + j];
        }
        double d = h.diagonal() - dot(a, i * m, a, i * m, i);
        a[i * m + i] = Math.sqrt(Math.max(d, 1e-12 * signal));
        double t = (nearK[i] - dot(a, i * m, z, 0, i)) / a[i * m + i];
        z[i] = t;
        q += t * t;
      }
      variance[b] = Math.max(signal - q, 1e-12 * signal);
    }
  }

  /** The posterior mean alone at {@code count} points: {@code O(n)} per point. */
  public void predictMean(double[] points, int count, double[] mean) {
    checkTargets();
    for (int b = 0; b < count; b++) {
      double mu = 0;
      for (int j = 0; j < n; j++) {
        mu += Matern52.value(points, b * dim, xs, j * dim, invL2, dim, signal) * alpha[j];
      }
      mean[b] = mu;
    }
  }

  /** The log marginal likelihood {@code −½ yᵀK⁻¹y − ½ log|K| − (n/2) log 2π} of the targets. */
  public double logMarginalLikelihood() {
    checkTargets();
    double v = -0.5 * n * LOG_2PI;
    for (int i = 0; i < n; i++) {
      v -= 0.5 * targets[i] * alpha[i] + Math.log(chol[i * (i + 1) / 2 + i]);
    }
    return v;
  }

  /**
   * The posterior mean of the latent function at observation {@code i}, {@code y_i − σ² α_i} (from
   * {@code (K_f + σ²I) α = y}), in {@code O(1)}.
   */
  public double fittedMean(int i) {
    checkTargets();
    return targets[i] - h.noiseVariance() * alpha[i];
  }

  /** The {@code i}-th coordinates, copied. */
  public double[] point(int i) {
    return Arrays.copyOfRange(xs, i * dim, (i + 1) * dim);
  }

  private void checkTargets() {
    if (!targetsSet) {
      throw new IllegalStateException("setTargets must follow the last add or truncate");
    }
  }

  private void ensureCapacity(int size) {
    if (capacity >= size) {
      return;
    }
    int cap = Math.max(16, Math.max(size, capacity * 3 / 2));
    capacity = cap;
    xs = Arrays.copyOf(xs, cap * dim);
    chol = Arrays.copyOf(chol, cap * (cap + 1) / 2);
    alpha = Arrays.copyOf(alpha, cap);
    targets = Arrays.copyOf(targets, cap);
  }

  /** {@code Σ_{m<len} a[ao+m] b[bo+m]}, four partial sums (a fixed order: results are exact). */
  static double dot(double[] a, int ao, double[] b, int bo, int len) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int m = 0;
    for (; m + 3 < len; m += 4) {
      s0 += a[ao + m] * b[bo + m];
      s1 += a[ao + m + 1] * b[bo + m + 1];
      s2 += a[ao + m + 2] * b[bo + m + 2];
      s3 += a[ao + m + 3] * b[bo + m + 3];
    }
    for (; m < len; m++) {
      s0 += a[ao + m] * b[bo + m];
    }
    return (s0 + s1) + (s2 + s3);
  }
}
