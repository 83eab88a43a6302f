package dev.vernier.tuner.gp;

import java.util.Arrays;

/**
 * Maps observed losses to the targets a Gaussian process is fitted to: a shifted logarithm, then
 * standardisation to mean 0 and variance 1,
 *
 * <pre>
 *   t_i = log(y_i − min y + δ),  δ = median y − min y
 * </pre>
 *
 * The logarithm tames heavy upper tails (a Rosenbrock valley spans six decades, and a GP on raw
 * values spends its variance on the worst trials); the offset {@code δ}, the spread of the better
 * half, keeps it mild near the optimum, so that small differences between good trials are not blown
 * up into apparent noise (as a rank transform does). Monotone: the incumbent is unchanged. The
 * offset's factor 1 was chosen among 0.03, 0.1, 0.3, 1 and 3 on the benchmark functions.
 */
public final class OutputTransform {
  private OutputTransform() {}

  /** The targets for the first {@code n} {@code losses}, in the same order. */
  public static double[] apply(double[] losses, int n) {
    return fit(losses, n).apply(losses, n);
  }

  /**
   * The transform fitted to the first {@code n} {@code losses}, to apply to others on the same
   * scale (a transfer job's own losses on its parents' scale).
   */
  public static Fitted fit(double[] losses, int n) {
    double[] sorted = Arrays.copyOf(losses, n);
    Arrays.sort(sorted);
    double min = sorted[0];
    double median = n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    double delta = median - min;
    if (!(delta > 0)) { // half the trials tie for the best: any positive offset will do
      delta = Math.max(sorted[n - 1] - min, Math.max(1, Math.abs(min)));
    }
    Fitted raw = new Fitted(min, delta, 0, 1);
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += raw.apply(losses[i]);
    }
    mean /= n;
    double ss = 0;
    for (int i = 0; i < n; i++) {
      double t = raw.apply(losses[i]) - mean;
      ss += t * t;
    }
    double sd = Math.sqrt(ss / n);
    if (!(sd > 1e-12)) {
      sd = 1;
    }
    return new Fitted(min, delta, mean, sd);
  }

  /**
   * A fitted transform, {@code t(y) = (log(y − min + δ) − mean) / sd}. Below {@code min} (a loss
   * better than every one it was fitted to) the logarithm continues as its tangent at {@code min},
   * so every finite loss has a finite target and the order is kept.
   */
  public record Fitted(double min, double delta, double mean, double sd) {
    public double apply(double loss) {
      double z = loss - min + delta;
      double t = z >= delta ? Math.log(z) : Math.log(delta) + (z - delta) / delta;
      return (t - mean) / sd;
    }

    /** The targets of the first {@code n} {@code losses}. */
    public double[] apply(double[] losses, int n) {
      double[] t = new double[n];
      for (int i = 0; i < n; i++) {
        t[i] = apply(losses[i]);
      }
      return t;
    }
  }
}
