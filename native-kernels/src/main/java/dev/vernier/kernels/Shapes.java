package dev.vernier.kernels;

/** Shape checks shared by the backends, with messages that name both shapes. */
public final class Shapes {
  private Shapes() {}

  public static void same(String what, FloatMatrix a, FloatMatrix b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) {
      throw new IllegalArgumentException(what + ": shapes differ, " + shape(a) + " vs " + shape(b));
    }
  }

  public static void require(boolean ok, String what, Object... shapes) {
    if (!ok) {
      StringBuilder sb = new StringBuilder(what).append(": incompatible shapes");
      for (Object s : shapes) {
        sb.append(' ')
            .append(
                s instanceof FloatMatrix m
                    ? shape(m)
                    : s instanceof IntVector v ? "[" + v.length() + "]" : s);
      }
      throw new IllegalArgumentException(sb.toString());
    }
  }

  public static String shape(FloatMatrix m) {
    return m.rows() + "x" + m.cols();
  }

  /** Checks gemm shapes; returns {m, n, k}. */
  public static int[] gemm(boolean ta, boolean tb, FloatMatrix a, FloatMatrix b, FloatMatrix c) {
    int m = ta ? a.cols() : a.rows();
    int k = ta ? a.rows() : a.cols();
    int kb = tb ? b.cols() : b.rows();
    int n = tb ? b.rows() : b.cols();
    if (k != kb || c.rows() != m || c.cols() != n) {
      throw new IllegalArgumentException(
          "gemm: op(A) is " + m + "x" + k + ", op(B) is " + kb + "x" + n + ", C is " + shape(c));
    }
    return new int[] {m, n, k};
  }

  /** Checks {@link Kernels#kmeansAssign} shapes: x n x d, centres and sums k x d, counts k x 1. */
  public static void kmeansAssign(
      FloatMatrix x, FloatMatrix centres, IntVector labels, FloatMatrix sums, FloatMatrix counts) {
    int d = x.cols();
    int k = centres.rows();
    require(centres.cols() == d && k > 0, "kmeansAssign centres", x, centres);
    require(labels.length() == x.rows(), "kmeansAssign labels", x, labels);
    require(sums.rows() == k && sums.cols() == d, "kmeansAssign sums", centres, sums);
    require(counts.rows() == k && counts.cols() == 1, "kmeansAssign counts", centres, counts);
  }
}
