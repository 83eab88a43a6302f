package dev.vernier.worker.kmeans;

/** The centre update of a Lloyd iteration. */
public final class Lloyd {
  private Lloyd() {}

  /** {@code centres[c] = sums[c] / counts[c]}; a centre with no rows keeps its place. */
  public static void updateCentres(float[] centres, float[] sums, float[] counts, int d) {
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] > 0) {
        float inv = 1f / counts[c];
        for (int j = 0; j < d; j++) {
          centres[c * d + j] = sums[c * d + j] * inv;
        }
      }
    }
  }
}
