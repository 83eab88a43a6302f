package dev.vernier.tuner.gp;

import java.util.Arrays;

/**
 * Limited-memory BFGS (Nocedal 1980) with a backtracking Armijo line search, for the smooth,
 * unconstrained problems of hyperparameter fitting. Deterministic; no allocation per iteration
 * beyond the start.
 */
public final class Lbfgs {
  /** A function to minimise: returns {@code f(x)} and writes {@code ∇f(x)} into {@code grad}. */
  @FunctionalInterface
  public interface Objective {
    double valueAndGradient(double[] x, double[] grad);
  }

  /** The minimiser found, its value and the number of function evaluations used. */
  public record Result(double[] x, double value, int evaluations) {}

  private static final int MEMORY = 7;

  private Lbfgs() {}

  /**
   * Minimises {@code f} from {@code x0} for at most {@code maxIterations} iterations; stops early
   * when the gradient's largest component falls below {@code gradTolerance} or an iteration gains
   * less than {@code 1e-10} relative. A non-finite value counts as +∞.
   */
  public static Result minimize(Objective f, double[] x0, int maxIterations, double gradTolerance) {
    int d = x0.length;
    double[] x = x0.clone();
    double[] g = new double[d];
    double fx = finite(f.valueAndGradient(x, g));
    int evals = 1;
    if (fx == Double.POSITIVE_INFINITY) {
      return new Result(x, fx, evals);
    }
    double[][] s = new double[MEMORY][d];
    double[][] yv = new double[MEMORY][d];
    double[] rho = new double[MEMORY];
    double[] a = new double[MEMORY];
    double[] dir = new double[d];
    double[] xn = new double[d];
    double[] gn = new double[d];
    int stored = 0;
    int head = 0;
    for (int it = 0; it < maxIterations; it++) {
      if (maxAbs(g) < gradTolerance) {
        break;
      }
      // two-loop recursion: dir = −H g
      System.arraycopy(g, 0, dir, 0, d);
      for (int m = 0; m < stored; m++) {
        int i = Math.floorMod(head - 1 - m, MEMORY);
        a[i] = rho[i] * dotp(s[i], dir);
        axpy(-a[i], yv[i], dir);
      }
      if (stored > 0) {
        int last = Math.floorMod(head - 1, MEMORY);
        double gamma = dotp(s[last], yv[last]) / dotp(yv[last], yv[last]);
        scale(dir, gamma);
      } else {
        scale(dir, 1 / Math.max(1, Math.sqrt(dotp(g, g))));
      }
      for (int m = stored - 1; m >= 0; m--) {
        int i = Math.floorMod(head - 1 - m, MEMORY);
        double b = rho[i] * dotp(yv[i], dir);
        axpy(a[i] - b, s[i], dir);
      }
      scale(dir, -1);
      double slope = dotp(g, dir);
      if (!(slope < 0)) { // not a descent direction: restart along the gradient
        System.arraycopy(g, 0, dir, 0, d);
        scale(dir, -1 / Math.max(1, Math.sqrt(dotp(g, g))));
        slope = dotp(g, dir);
        stored = 0;
      }
      double step = 1;
      double fn = Double.POSITIVE_INFINITY;
      for (int ls = 0; ls < 30; ls++) {
        for (int j = 0; j < d; j++) {
          xn[j] = x[j] + step * dir[j];
        }
        fn = finite(f.valueAndGradient(xn, gn));
        evals++;
        if (fn <= fx + 1e-4 * step * slope) {
          break;
        }
        step *= fn == Double.POSITIVE_INFINITY ? 0.1 : 0.5;
      }
      if (!(fn <= fx + 1e-4 * step * slope)) {
        break; // no progress along a descent direction: at a minimum up to rounding
      }
      int i = head;
      double sy = 0;
      for (int j = 0; j < d; j++) {
        s[i][j] = xn[j] - x[j];
        yv[i][j] = gn[j] - g[j];
        sy += s[i][j] * yv[i][j];
      }
      if (sy > 1e-12) { // keep the inverse Hessian estimate positive definite
        rho[i] = 1 / sy;
        head = (head + 1) % MEMORY;
        stored = Math.min(stored + 1, MEMORY);
      }
      double gain = fx - fn;
      System.arraycopy(xn, 0, x, 0, d);
      System.arraycopy(gn, 0, g, 0, d);
      fx = fn;
      if (gain <= 1e-10 * Math.max(1, Math.abs(fx))) {
        break;
      }
    }
    return new Result(x, fx, evals);
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : Double.POSITIVE_INFINITY;
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double t : v) {
      m = Math.max(m, Math.abs(t));
    }
    return Double.isNaN(m) ? Double.POSITIVE_INFINITY : m;
  }

  private static double dotp(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double alpha, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += alpha * x[i];
    }
  }

  private static void scale(double[] v, double c) {
    Arrays.setAll(v, i -> v[i] * c);
  }
}
