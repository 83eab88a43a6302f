package dev.vernier.monitor.evaluate;

import dev.vernier.monitor.baseline.Baseline;
import dev.vernier.monitor.baseline.FeatureProfile;
import dev.vernier.monitor.baseline.Histogram;
import dev.vernier.monitor.window.WindowData;
import java.io.ByteArrayOutputStream;

/**
 * A window's counts per feature over the baseline's histogram bins or categories, so that a
 * window's distribution can be drawn against the baseline's with the same bins.
 *
 * <p>For a feature whose baseline profile has a {@link Histogram} (numeric, with values), the
 * counts are {@code [underflow, bin 0, ..., bin b-1, overflow]}: a value below the first edge is
 * underflow, above the last edge overflow, otherwise it goes in the bin {@code i} with {@code
 * edge(i) <= v < edge(i+1)} (the last bin also holds the last edge, as {@link Histogram} does).
 * Missing values (NaN) are not counted. A numeric feature without values in the baseline has no
 * counts.
 *
 * <p>For a categorical feature of {@code k} categories the counts are {@link Categories}: one per
 * baseline category (by code), {@code other} for a value that is not the code of one (a category
 * the baseline never saw arrives as -1) and {@code missing} for NaN (a value of the wrong type is
 * NaN too, so it counts as missing).
 *
 * <p>Encoded compactly for storage: per feature, in the baseline's order, a varint length (0: no
 * counts) and that many unsigned varints. A numeric feature's varints are its counts: with the
 * baseline's 20 bins a feature takes 23 bytes while its counts are below 128 and up to about 45
 * with counts below 16,384; 784 features take 18 to 35 KB per window. A categorical feature's first
 * varint says the form of the rest, whichever is shorter: {@value #DENSE} then {@code k} counts,
 * other and missing (6 bytes for 3 categories with counts below 128), or {@value #SPARSE} then
 * other, missing and a (code gap, count) pair per category seen, so that a window of few rows over
 * thousands of categories stays small. Windows stored before categorical counts were kept have 0
 * for a categorical feature. Plain computation, thread-safe (static).
 */
public final class WindowHistograms {
  /** A categorical feature's counts follow densely: k counts, other, missing. */
  static final int DENSE = 0;

  /** A categorical feature's counts follow sparsely: other, missing, (code gap, count) pairs. */
  static final int SPARSE = 1;

  private WindowHistograms() {}

  /**
   * A window's counts of one categorical feature.
   *
   * @param counts one per baseline category, by code
   * @param other values that are not the code of a baseline category (categories it never saw)
   * @param missing missing values (NaN, including values of the wrong type)
   */
  public record Categories(long[] counts, long other, long missing) {}

  /** The window's counts over the baseline's bins, encoded; one pass over the window's values. */
  public static byte[] count(Baseline baseline, WindowData data) {
    int cols = data.cols();
    int rows = data.rows();
    float[] x = data.features();
    double[][] edges = new double[cols][];
    long[][] counts = new long[cols][];
    long[][] cats = new long[cols][]; // [codes..., other, missing] of a categorical feature
    for (int c = 0; c < cols && c < baseline.profiles().size(); c++) {
      FeatureProfile p = baseline.profile(c);
      Histogram h = p.histogram();
      if (p.categoryCounts() != null) {
        cats[c] = new long[baseline.schema().feature(c).categoryCount() + 2];
      } else if (h != null) {
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
        if (counts[c] != null) {
          if (!Float.isNaN(v)) {
            counts[c][slot(edges[c], v)]++;
          }
        } else if (cats[c] != null) {
          cats[c][category(cats[c].length - 2, v)]++;
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(cols * 24);
    for (int c = 0; c < cols; c++) {
      long[] fc = counts[c];
      if (cats[c] != null) {
        categorical(out, cats[c]);
        continue;
      }
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

  /** The slot of {@code v} in {@code [codes 0..k-1, other, missing]}. */
  static int category(int k, float v) {
    if (Float.isNaN(v)) {
      return k + 1;
    }
    int code = (int) v;
    return code == v && code >= 0 && code < k ? code : k;
  }

  /** Writes {@code [codes..., other, missing]} densely or sparsely, whichever takes fewer bytes. */
  private static void categorical(ByteArrayOutputStream out, long[] c) {
    int k = c.length - 2;
    ByteArrayOutputStream dense = new ByteArrayOutputStream(c.length + 1);
    varint(dense, DENSE);
    for (long n : c) {
      varint(dense, n);
    }
    ByteArrayOutputStream sparse = new ByteArrayOutputStream();
    varint(sparse, SPARSE);
    varint(sparse, c[k]);
    varint(sparse, c[k + 1]);
    int values = 3;
    int last = -1;
    for (int code = 0; code < k && sparse.size() < dense.size(); code++) {
      if (c[code] != 0) {
        varint(sparse, code - last);
        varint(sparse, c[code]);
        values += 2;
        last = code;
      }
    }
    boolean useSparse = sparse.size() < dense.size();
    varint(out, useSparse ? values : c.length + 1);
    byte[] body = (useSparse ? sparse : dense).toByteArray();
    out.write(body, 0, body.length);
  }

  /**
   * The counts of categorical feature {@code feature} (its index in the baseline, of {@code k}
   * categories) in an encoded blob; null when the blob holds none for it (a window closed before
   * categorical counts were kept, or a blob that is shorter).
   *
   * @throws IllegalArgumentException when the stored counts do not fit {@code k} categories
   */
  public static Categories categories(byte[] encoded, int feature, int k) {
    long[] v = feature(encoded, feature);
    if (v == null) {
      return null;
    }
    long[] counts = new long[k];
    if (v[0] == DENSE && v.length == k + 3) {
      System.arraycopy(v, 1, counts, 0, k);
      return new Categories(counts, v[k + 1], v[k + 2]);
    }
    if (v[0] == SPARSE && v.length >= 3 && v.length % 2 == 1) {
      long code = -1;
      for (int i = 3; i < v.length; i += 2) {
        code += v[i];
        if (code >= k) {
          break;
        }
        counts[(int) code] = v[i + 1];
      }
      if (code < k) {
        return new Categories(counts, v[1], v[2]);
      }
    }
    throw new IllegalArgumentException(
        "feature "
            + feature
            + "'s stored category counts do not fit its "
            + k
            + " categories (form "
            + v[0]
            + ", "
            + v.length
            + " values)");
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
