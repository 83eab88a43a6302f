package dev.vernier.kernels.java;

import dev.vernier.kernels.Assignment;
import dev.vernier.kernels.FloatMatrix;
import dev.vernier.kernels.IntVector;
import dev.vernier.kernels.RowPool;
import dev.vernier.kernels.Shapes;

/**
 * The oracle's k-means pass: distances and sums in double, rows split over the pool (each part
 * summing into its own arrays, added up in part order, so the result does not depend on timing).
 */
final class JavaKMeans {
  private JavaKMeans() {}

  static Assignment assign(
      RowPool pool,
      FloatMatrix x,
      FloatMatrix centres,
      IntVector labels,
      FloatMatrix sums,
      FloatMatrix counts) {
    Shapes.kmeansAssign(x, centres, labels, sums, counts);
    int n = x.rows();
    int d = x.cols();
    int k = centres.rows();
    JavaFloatMatrix X = JavaKernels.m(x);
    JavaFloatMatrix C = JavaKernels.m(centres);
    JavaIntVector L = JavaKernels.v(labels);
    int parts = pool.parts(n, 1024);
    double[][] partSums = new double[parts][k * d];
    double[][] partCounts = new double[parts][k];
    double[] inertia = new double[parts];
    long[] changed = new long[parts];
    pool.split(
        n,
        1024,
        (part, from, to) -> {
          double[] ps = partSums[part];
          for (int i = from; i < to; i++) {
            int xo = X.offset + i * d;
            int best = 0;
            double bestD = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
              int co = C.offset + c * d;
              double s = 0;
              for (int j = 0; j < d; j++) {
                double diff = (double) X.data[xo + j] - C.data[co + j];
                s += diff * diff;
              }
              if (s < bestD) {
                bestD = s;
                best = c;
              }
            }
            if (L.data[L.offset + i] != best) {
              changed[part]++;
              L.data[L.offset + i] = best;
            }
            inertia[part] += bestD;
            partCounts[part][best]++;
            int so = best * d;
            for (int j = 0; j < d; j++) {
              ps[so + j] += X.data[xo + j];
            }
          }
        });
    JavaFloatMatrix S = JavaKernels.m(sums);
    JavaFloatMatrix N = JavaKernels.m(counts);
    double totalInertia = 0;
    long totalChanged = 0;
    for (int c = 0; c < k; c++) {
      double cnt = 0;
      for (int p = 0; p < parts; p++) {
        cnt += partCounts[p][c];
      }
      N.data[N.offset + c] = (float) cnt;
      for (int j = 0; j < d; j++) {
        double s = 0;
        for (int p = 0; p < parts; p++) {
          s += partSums[p][c * d + j];
        }
        S.data[S.offset + c * d + j] = (float) s;
      }
    }
    for (int p = 0; p < parts; p++) {
      totalInertia += inertia[p];
      totalChanged += changed[p];
    }
    return new Assignment(totalInertia, totalChanged);
  }
}
