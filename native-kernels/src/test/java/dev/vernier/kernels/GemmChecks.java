package dev.vernier.kernels;

import static dev.vernier.kernels.KernelsContractTest.EPS;
import static dev.vernier.kernels.Twins.assertClose;
import static dev.vernier.kernels.Twins.assertNear;

import dev.vernier.kernels.Twins.M;

/**
 * The gemm checks of {@link KernelsContractTest}, float32 and bfloat16: one backend against the
 * oracle on data from a {@link Twins}.
 */
final class GemmChecks {
  private final Twins t;
  private final Kernels mine;
  private final Kernels ref;

  GemmChecks(Twins t) {
    this.t = t;
    this.mine = t.kernels;
    this.ref = t.oracle;
  }

  /**
   * One gemm case; with {@code offset > 0} A, B and C are views starting at that row of bigger
   * matrices, and C's parent must be untouched outside the view. The tolerance per element is
   * {@code (k + 4) eps (|alpha| |op(A)| |op(B)| + |beta| |C|)}.
   */
  void gemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta, int offset) {
    gemm(ta, tb, m, n, k, alpha, beta, offset, null);
  }

  /**
   * {@link #gemm(boolean, boolean, int, int, int, float, float, int)} in a given precision (null:
   * the method without one). In BF16 the oracle is the java backend's BF16 gemm (the same rounded
   * inputs, products summed in double), with the same tolerance taken over the rounded inputs; the
   * result must also be within {@code 1.01 (2^-7 + (k + 4) eps)} of the float32 product's magnitude
   * of the float32 product, the error of rounding both factors of every product.
   */
  void gemm(
      boolean ta,
      boolean tb,
      int m,
      int n,
      int k,
      float alpha,
      float beta,
      int offset,
      Precision precision) {
    String what = "gemm " + (ta ? "A'" : "A") + (tb ? "B'" : "B") + " " + m + "x" + n + "x" + k;
    what += " alpha=" + alpha + " beta=" + beta + " offset=" + offset + " " + precision;
    Precision p = precision == null ? Precision.FP32 : precision;
    int ar = ta ? k : m;
    int ac = ta ? m : k;
    int br = tb ? n : k;
    int bc = tb ? k : n;
    M a = t.random(ar + 2 * offset, ac, -1, 1).view(offset, ar);
    M b = t.random(br + 2 * offset, bc, -1, 1).view(offset, br);
    M cParent =
        beta == 0 ? t.filled(m + 2 * offset, n, Float.NaN) : t.random(m + 2 * offset, n, -1, 1);
    M c = cParent.view(offset, m);
    float[] cOld = c.ref().toArray();
    if (precision == null) {
      mine.gemm(ta, tb, alpha, a.mine(), b.mine(), beta, c.mine());
    } else {
      mine.gemm(ta, tb, alpha, a.mine(), b.mine(), beta, c.mine(), precision);
    }
    ref.gemm(ta, tb, alpha, a.ref(), b.ref(), beta, c.ref(), p);
    float[] magnitude = magnitude(ta, tb, a, b, m, n, alpha, p);
    float[] expected = cParent.ref().toArray();
    float[] actual = cParent.mine().toArray();
    for (int i = 0; i < expected.length; i++) {
      int ci = i - offset * n;
      boolean inView = ci >= 0 && ci < m * n;
      double bound =
          inView ? magnitude[ci] + (beta == 0 ? 0 : Math.abs(beta * cOld[ci])) : 0; // untouched
      assertNear(what + " [" + i + "]", expected[i], actual[i], (k + 4) * EPS * bound);
    }
    if (p == Precision.BF16) {
      FloatMatrix exact = ref.upload(cOld, m, n);
      ref.gemm(ta, tb, alpha, a.ref(), b.ref(), beta, exact);
      float[] fp32 = exact.toArray();
      float[] mag32 = magnitude(ta, tb, a, b, m, n, alpha, Precision.FP32);
      for (int i = 0; i < m * n; i++) {
        double bound = mag32[i] + (beta == 0 ? 0 : Math.abs(beta * cOld[i]));
        double tol = 1.01 * (0x1p-7 + (k + 4) * EPS) * bound;
        assertNear(what + " vs float32 [" + i + "]", fp32[i], actual[offset * n + i], tol);
      }
    }
  }

  /** {@code |alpha| |op(A)| |op(B)|} by the oracle, in precision p. */
  private float[] magnitude(
      boolean ta, boolean tb, M a, M b, int m, int n, float alpha, Precision p) {
    FloatMatrix absA = ref.upload(abs(a.ref().toArray()), a.rows(), a.cols());
    FloatMatrix absB = ref.upload(abs(b.ref().toArray()), b.rows(), b.cols());
    FloatMatrix mag = ref.matrix(m, n);
    ref.gemm(ta, tb, Math.abs(alpha), absA, absB, 0, mag, p);
    return mag.toArray();
  }

  /**
   * Floats that rounding to bfloat16 treats specially: ties that go down and up to the even
   * neighbour, values just either side of a tie, the smallest normal and subnormals (to zero, of
   * either sign), both zeros, values near the top of the range.
   */
  static final float[] BF16_EDGES = {
    1 + 0x1p-8f,
    1 + 3 * 0x1p-8f,
    -(1 + 0x1p-8f + 0x1p-23f),
    1 + 0x1p-8f - 0x1p-23f,
    -(1 + 0x1.ffp-8f),
    0x1p-126f,
    -0x1.00ffp-126f,
    0x1p-127f,
    -0x1p-140f,
    0f,
    -0f,
    3e38f,
    -0x1.fep127f,
    65504f,
    1e-30f,
    0.1f,
    -1f / 3
  };

  /** {@link #BF16_EDGES} and the values that round to infinity or are not numbers. */
  static final float[] BF16_SPECIALS = {
    Float.MAX_VALUE, -0x1.ffp127f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN
  };

  /**
   * The rounding of bf16 gemm, bit for bit: products of one rounded edge value and a small power of
   * two (or 3), exact in float32, must equal the oracle's. One factor is all edge values; the other
   * has a single nonzero per column (B) or row (A) in every position of k, so every element of the
   * edge operand goes through the backend's rounding; with k = 1, infinities and NaN too.
   */
  void bf16RoundingIsExact(boolean ta, boolean tb, int m, int n, int k, boolean edgesInA) {
    String what = "bf16 rounding " + (ta ? "A'" : "A") + (tb ? "B'" : "B") + " " + m + "x" + n;
    what += "x" + k + (edgesInA ? " edges in A" : " edges in B");
    float[] factors = {1, -2, 4, 3, -1};
    float[] edges = new float[(edgesInA ? m : n) * k];
    for (int i = 0; i < edges.length; i++) {
      float[] pool = k == 1 && i % 3 == 0 ? BF16_SPECIALS : BF16_EDGES;
      float v = pool[t.rnd.nextInt(pool.length)];
      edges[i] = t.rnd.nextInt(4) == 0 ? (float) t.rnd.nextDouble(-4, 4) : v;
    }
    // op(edge operand)(i, p) = edges[i * k + p]; the other operand's hot position of row/column
    // j is p = j % k
    int outer = edgesInA ? n : m;
    float[] hot = new float[outer * k];
    for (int j = 0; j < outer; j++) {
      hot[j * k + j % k] = factors[j % factors.length];
    }
    M a;
    M b;
    if (edgesInA) {
      a = ta ? t.of(transpose(edges, m, k), k, m) : t.of(edges, m, k);
      b = tb ? t.of(hot, n, k) : t.of(transpose(hot, n, k), k, n);
    } else {
      a = ta ? t.of(transpose(hot, m, k), k, m) : t.of(hot, m, k);
      b = tb ? t.of(edges, n, k) : t.of(transpose(edges, n, k), k, n);
    }
    M c = t.filled(m, n, Float.NaN);
    mine.gemm(ta, tb, 1, a.mine(), b.mine(), 0, c.mine(), Precision.BF16);
    ref.gemm(ta, tb, 1, a.ref(), b.ref(), 0, c.ref(), Precision.BF16);
    assertClose(what, c, 0, 0);
  }

  /** The transpose of a rows x cols row-major array. */
  private static float[] transpose(float[] x, int rows, int cols) {
    float[] out = new float[x.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        out[j * rows + i] = x[i * cols + j];
      }
    }
    return out;
  }

  private static float[] abs(float[] x) {
    float[] out = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Math.abs(x[i]);
    }
    return out;
  }
}
