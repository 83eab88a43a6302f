package dev.vernier.monitor.drift;

import dev.vernier.core.data.Dataset;
import dev.vernier.monitor.drift.stats.FloatRadixSort;

/**
 * Columns out of a row-major float32 {@link Dataset}, a band of neighbouring columns at a time:
 * each row contributes one contiguous run of {@link #BAND} floats (one or two cache lines) and each
 * column is written sequentially, so a band costs one pass over its slice of the data instead of
 * one cache miss per value. Each value becomes its {@link FloatRadixSort} key, from which the
 * sorted column's values come back exactly (and widen to double exactly, {@code
 * astype(np.float64)}).
 */
final class Columns {
  private Columns() {}

  /** Columns per band: 16 floats, 64 bytes of each row. */
  static final int BAND = 16;

  /**
   * Columns per band for {@code cols} columns over {@code threads} threads: {@link #BAND}, or fewer
   * when that would leave fewer than four bands a thread (20 features in bands of 16 would put four
   * fifths of the work on one thread).
   */
  static int width(int cols, int threads) {
    int even = (cols + 4 * threads - 1) / (4 * Math.max(1, threads));
    return Math.max(1, Math.min(BAND, even));
  }

  /**
   * The {@link FloatRadixSort#key}s of columns {@code [from, to)} into {@code out[j - from][0,
   * rows)}.
   */
  static void bandKeys(Dataset d, int from, int to, int[][] out) {
    float[] f = d.features();
    int cols = d.cols();
    int rows = d.rows();
    int width = to - from;
    for (int r = 0; r < rows; r++) {
      int base = r * cols + from;
      for (int j = 0; j < width; j++) {
        out[j][r] = FloatRadixSort.key(f[base + j]);
      }
    }
  }
}
