package dev.vernier.monitor.evaluate;

import dev.vernier.monitor.baseline.Baseline;
import dev.vernier.monitor.baseline.Histogram;
import dev.vernier.monitor.window.WindowData;
import java.io.ByteArrayOutputStream;

/**
 * A window's counts per feature over the baseline's histogram bins, so that a window's distribution
 * can be drawn against the baseline's with the same edges.
 *
 * <p>For a feature whose baseline profile has a {@link Histogram} (numeric, with values), the
 * counts are {@code [underflow, bin 0, ..., bin b-1, overflow]}: a value below the first edge is
 * underflow, above the last edge overflow, otherwise it goes in the bin {@code i} with {@code
 * edge(i) <= v < edge(i+1)} (the last bin also holds the last edge, as {@link Histogram} does).
 * Missing values (NaN) are not counted. A feature without a baseline histogram (categorical, or no
 * values in the baseline) has no counts.
 *
 * <p>Encoded compactly for storage: per feature, in the baseline's order, a varint length (0: no
 * counts) and that many unsigned varints. With the baseline's 20 bins a feature takes 23 bytes
 * while its counts are below 128 and up to about 45 with counts below 16,384; 784 features take 18
 * to 35 KB per window. Plain computation, thread-safe (static).
 */
public final class WindowHistograms {
  private WindowHistograms() {}

  /** The window's counts over the baseline's bins, encoded; one pass over the window's values. */
  public static byte[] count(Baseline baseline, WindowData data) {
    int cols = data.cols();
    int rows = data.rows();
    float[] x = data.features();
    double[][] edges = new double[cols][];
    long[][] counts = new long[cols][];
    for (int c = 0; c < cols && c < baseline.profiles().size(); c++) {
      Histogram h = baseline.profile(c).histogram();
      if (h != null) {
        edges[c] = new double[h.bins() + 1];
        for (int i = 0; i <= h.bins(); i++) {
          edges[c][i] = h.edge(i);
        }
        counts[c] = new long[h.bins() + 2];
      }
    }
    // row by row, as the values are laid out (a column at a time strides across the array)
    for (int r = 0; r < rows; r++) {
      int at = r * cols;
      for (int c = 0; c < cols; c++) {
        float v = x[at + c];
        if (counts[c] != null && !Float.isNaN(v)) {
          counts[c][slot(edges[c], v)]++;
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(cols * 24);
    for (long[] fc : counts) {
      if (fc == null) {
        varint(out, 0);
        continue;
      }
      varint(out, fc.length);
      for (long n : fc) {
        varint(out, n);
      }
    }
    return out.toByteArray();
  }

  /**
   * The slot of {@code v} in {@code [underflow, bins..., overflow]} for a histogram's {@code edges}
   * ({@link Histogram#edge} 0 to bins): 0 below the first, {@code bins + 1} above the last, else 1
   * + the bin whose edges hold it (checked against the edges, not only found by division, so a
   * value on an edge goes in the bin it starts).
   */
  static int slot(double[] edges, double v) {
    int b = edges.length - 1;
    double lo = edges[0];
    double hi = edges[b];
    if (v < lo) {
      return 0;
    }
    if (v > hi) {
      return b + 1;
    }
    int i = hi == lo ? 0 : (int) ((v - lo) / (hi - lo) * b);
    i = Math.max(0, Math.min(b - 1, i));
    while (i > 0 && v < edges[i]) {
      i--;
    }
    while (i < b - 1 && v >= edges[i + 1]) {
      i++;
    }
    return i + 1;
  }

  /**
   * The counts of feature {@code feature} (its index in the baseline) in an encoded blob: {@code
   * [underflow, bins..., overflow]}, or null when the feature has none or the blob is shorter.
   */
  public static long[] feature(byte[] encoded, int feature) {
    int[] pos = {0};
    for (int c = 0; pos[0] < encoded.length; c++) {
      int n = (int) read(encoded, pos);
      if (c == feature) {
        if (n == 0) {
          return null;
        }
        long[] counts = new long[n];
        for (int i = 0; i < n; i++) {
          counts[i] = read(encoded, pos);
        }
        return counts;
      }
      for (int i = 0; i < n; i++) {
        read(encoded, pos);
      }
    }
    return null;
  }

  private static void varint(ByteArrayOutputStream out, long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  private static long read(byte[] b, int[] pos) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      if (pos[0] >= b.length) {
        throw new IllegalArgumentException(
            "a window's histogram blob ends inside a varint at byte " + pos[0] + " of " + b.length);
      }
      int x = b[pos[0]++];
      v |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
    }
  }
}
