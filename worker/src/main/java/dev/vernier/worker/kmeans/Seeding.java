package dev.vernier.worker.kmeans;

import dev.vernier.core.data.Dataset;
import dev.vernier.kernels.FloatMatrix;
import dev.vernier.kernels.IntVector;
import dev.vernier.kernels.Kernels;
import java.util.SplittableRandom;

/** Initial centres for k-means. */
public final class Seeding {
  private Seeding() {}

  /** {@code k} distinct rows chosen uniformly. */
  public static float[] random(Dataset data, int k, SplittableRandom rnd) {
    int n = data.rows();
    int d = data.cols();
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    float[] out = new float[k * d];
    for (int c = 0; c < k; c++) {
      int j = c + rnd.nextInt(n - c);
      int t = idx[c];
      idx[c] = idx[j];
      idx[j] = t;
      System.arraycopy(data.features(), idx[c] * d, out, c * d, d);
    }
    return out;
  }

  /**
   * Greedy k-means++ (Arthur and Vassilvitskii; the greedy variant scikit-learn uses): each new
   * centre is the best of {@code 2 + floor(ln k)} candidates drawn with probability proportional to
   * the squared distance to the nearest chosen centre, "best" meaning the lowest resulting
   * potential. Distances to candidates come from one GEMM on the kernels per round; where float32
   * overflows (values of about 1e19 and more, whose squares exceed 3.4e38) they are computed again
   * in double, so any finite data gives finite distances and a centre.
   */
  public static float[] kmeansPlusPlus(
      Kernels k, FloatMatrix x, Dataset data, int kc, SplittableRandom rnd) {
    int n = data.rows();
    int d = data.cols();
    int trials = 2 + (int) Math.log(kc);
    float[] xf = data.features();
    float[] centres = new float[kc * d];
    float[] xNorm = new float[n];
    try (FloatMatrix norms = k.matrix(n, 1)) {
      k.rowSquaredNorms(x, norms);
      norms.copyTo(xNorm, 0);
    }
    double[] closest = new double[n];
    int first = rnd.nextInt(n);
    System.arraycopy(xf, first * d, centres, 0, d);
    try (FloatMatrix cand = k.matrix(trials, d);
        FloatMatrix dots = k.matrix(n, trials);
        IntVector candIdx = k.ints(trials)) {
      float[] dotHost = new float[n * trials];
      double[] dist = new double[n * trials];
      // distances to the first centre (every candidate slot holds it; column 0 is used)
      int[] firstPicks = new int[trials];
      java.util.Arrays.fill(firstPicks, first);
      distances(k, x, cand, dots, candIdx, firstPicks, xNorm, xf, d, dotHost, dist, trials);
      for (int i = 0; i < n; i++) {
        closest[i] = dist[i * trials];
      }
      double[] cumulative = new double[n];
      for (int c = 1; c < kc; c++) {
        double run = 0;
        for (int i = 0; i < n; i++) {
          run += closest[i];
          cumulative[i] = run;
        }
        int[] picks = new int[trials];
        for (int t = 0; t < trials; t++) {
          // a potential that is not finite cannot weight a draw (not expected with distances in
          // double, but never worth a crash): fall back to a uniform choice
          picks[t] =
              Double.isFinite(run) ? pick(cumulative, rnd.nextDouble() * run, n) : rnd.nextInt(n);
        }
        distances(k, x, cand, dots, candIdx, picks, xNorm, xf, d, dotHost, dist, trials);
        int best = -1;
        double bestPot = Double.POSITIVE_INFINITY;
        for (int t = 0; t < trials; t++) {
          double p = 0;
          for (int i = 0; i < n; i++) {
            p += Math.min(closest[i], dist[i * trials + t]);
          }
          if (p < bestPot) {
            bestPot = p;
            best = t;
          }
        }
        if (best < 0) {
          best = 0; // every potential infinite or NaN: any candidate is as good
        }
        for (int i = 0; i < n; i++) {
          closest[i] = Math.min(closest[i], dist[i * trials + best]);
        }
        System.arraycopy(xf, picks[best] * d, centres, c * d, d);
      }
    }
    return centres;
  }

  /**
   * Squared distances of every row to each picked row, into {@code out} (n x m, clamped at 0), from
   * the norms and one GEMM ({@code dotHost} receives the products); a distance that is not finite
   * in float32 (norms or products beyond its range) is computed exactly from the rows, in double.
   */
  private static void distances(
      Kernels k,
      FloatMatrix x,
      FloatMatrix cand,
      FloatMatrix dots,
      IntVector idx,
      int[] picks,
      float[] xNorm,
      float[] xf,
      int d,
      float[] dotHost,
      double[] out,
      int m) {
    idx.copyFrom(picks, 0);
    k.gatherRows(x, idx, cand);
    k.gemm(false, true, 1f, x, cand, 0f, dots);
    dots.copyTo(dotHost, 0);
    int n = xNorm.length;
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < m; t++) {
        float dd = xNorm[i] + xNorm[picks[t]] - 2 * dotHost[i * m + t];
        out[i * m + t] = Float.isFinite(dd) ? Math.max(0f, dd) : exact(xf, i, picks[t], d);
      }
    }
  }

  /** The squared distance of rows {@code a} and {@code b}, in double: finite for finite floats. */
  static double exact(float[] xf, int a, int b, int d) {
    double s = 0;
    for (int j = 0; j < d; j++) {
      double diff = (double) xf[a * d + j] - xf[b * d + j];
      s += diff * diff;
    }
    return s;
  }

  private static int pick(double[] cumulative, double target, int n) {
    int lo = 0;
    int hi = n - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < target) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
