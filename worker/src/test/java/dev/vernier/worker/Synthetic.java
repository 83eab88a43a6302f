package dev.vernier.worker;

import dev.vernier.core.data.Dataset;
import java.util.SplittableRandom;

/** Small synthetic datasets with known structure, made from a seed. */
final class Synthetic {
  private Synthetic() {}

  /** {@code classes} Gaussian blobs (std 1) whose centres lie {@code spread} apart per axis. */
  static Dataset blobs(int rows, int cols, int classes, double spread, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] centres = new double[classes][cols];
    SplittableRandom cr = new SplittableRandom(42);
    for (int c = 0; c < classes; c++) {
      for (int j = 0; j < cols; j++) {
        centres[c][j] = (cr.nextDouble() * 2 - 1) * spread;
      }
    }
    float[] f = new float[rows * cols];
    float[] l = new float[rows];
    for (int i = 0; i < rows; i++) {
      int c = r.nextInt(classes);
      l[i] = c;
      for (int j = 0; j < cols; j++) {
        f[i * cols + j] = (float) (centres[c][j] + gaussian(r));
      }
    }
    return new Dataset("blobs", rows, cols, f, l);
  }

  /** {@code y = 3 x0 - 2 x1 + 0.5 + noise * N(0,1)}, features N(0,1) times {@code scale}. */
  static Dataset linear(int rows, int cols, double noise, double scale, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] f = new float[rows * cols];
    float[] l = new float[rows];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        f[i * cols + j] = (float) (gaussian(r) * scale);
      }
      l[i] =
          (float)
              (3 * f[i * cols] / scale - 2 * f[i * cols + 1] / scale + 0.5 + noise * gaussian(r));
    }
    return new Dataset("linear", rows, cols, f, l);
  }

  static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
