package dev.vernier.worker.kmeans;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.data.Dataset;
import dev.vernier.kernels.FloatMatrix;
import dev.vernier.kernels.Kernels;
import dev.vernier.worker.algorithm.Model;
import dev.vernier.worker.algorithm.Predictions;
import dev.vernier.worker.artifact.Tensors;
import java.util.List;
import java.util.Map;

/** k centres; a row's prediction is its nearest centre and the distance to it. */
public final class KMeansModel implements Model {
  private static final List<String> COLUMNS = List.of("closest_cluster", "distance_to_cluster");

  private final float[] centres;
  private final int k;
  private final int d;

  KMeansModel(float[] centres, int k, int d) {
    this.centres = centres.clone();
    this.k = k;
    this.d = d;
  }

  @Override
  public String algorithm() {
    return KMeansAlgorithm.NAME;
  }

  @Override
  public int features() {
    return d;
  }

  /** The centres, row-major k x d (a copy). */
  public float[] centres() {
    return centres.clone();
  }

  @Override
  public List<String> outputColumns() {
    return COLUMNS;
  }

  @Override
  public Predictions predict(Dataset data, Kernels kn) {
    if (data.cols() != d) {
      throw new InvalidInputException(
          "input", "must have " + d + " features like the training data", data.cols());
    }
    int n = data.rows();
    float[] out = new float[n * 2];
    float[] cNorm = new float[k];
    for (int c = 0; c < k; c++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        s += (double) centres[c * d + j] * centres[c * d + j];
      }
      cNorm[c] = (float) s;
    }
    try (FloatMatrix x = kn.upload(data.features(), n, d);
        FloatMatrix c = kn.upload(centres, k, d);
        FloatMatrix dots = kn.matrix(n, k);
        FloatMatrix xn = kn.matrix(n, 1)) {
      kn.gemm(false, true, 1f, x, c, 0f, dots);
      kn.rowSquaredNorms(x, xn);
      float[] dh = dots.toArray();
      float[] xh = xn.toArray();
      for (int i = 0; i < n; i++) {
        int best = 0;
        float bestD = Float.POSITIVE_INFINITY;
        for (int j = 0; j < k; j++) {
          float dist = xh[i] + cNorm[j] - 2 * dh[i * k + j];
          if (dist < bestD) {
            bestD = dist;
            best = j;
          }
        }
        out[2 * i] = best;
        out[2 * i + 1] = (float) Math.sqrt(Math.max(0, bestD));
      }
    }
    return new Predictions(COLUMNS, n, out);
  }

  @Override
  public Tensors tensors() {
    return new Tensors().put("centres", k, d, centres.clone());
  }

  @Override
  public Map<String, String> settings() {
    return Map.of("k", String.valueOf(k));
  }
}
