package dev.vernier.worker.nn;

import dev.vernier.core.data.Dataset;

/**
 * Per-feature standardisation {@code (x - mean) / std}, fitted on training data and stored with the
 * model so predictions see the same transform. Constant features get std 1.
 */
public record Standardizer(float[] mean, float[] std) {

  public static Standardizer fit(Dataset d) {
    int n = d.rows();
    int c = d.cols();
    double[] s = new double[c];
    double[] s2 = new double[c];
    float[] f = d.features();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < c; j++) {
        double v = f[i * c + j];
        s[j] += v;
        s2[j] += v * v;
      }
    }
    float[] mean = new float[c];
    float[] std = new float[c];
    for (int j = 0; j < c; j++) {
      double m = s[j] / n;
      double var = Math.max(0, s2[j] / n - m * m);
      mean[j] = (float) m;
      std[j] = var > 1e-12 ? (float) Math.sqrt(var) : 1f;
    }
    return new Standardizer(mean, std);
  }

  /** A standardised copy of the dataset's features. */
  public float[] apply(Dataset d) {
    int c = d.cols();
    float[] f = d.features();
    float[] out = new float[f.length];
    for (int i = 0; i < f.length; i++) {
      int j = i % c;
      out[i] = (f[i] - mean[j]) / std[j];
    }
    return out;
  }
}
