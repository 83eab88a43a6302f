package dev.vernier.kernels.cpu;

import dev.vernier.kernels.Activation;
import dev.vernier.kernels.Assignment;
import dev.vernier.kernels.FloatMatrix;
import dev.vernier.kernels.IntVector;
import dev.vernier.kernels.Kernels;
import dev.vernier.kernels.LossResult;
import dev.vernier.kernels.Precision;
import dev.vernier.kernels.RowPool;
import dev.vernier.kernels.Shapes;

/**
 * The {@code cpu} backend: matrices in native memory, gemm by OpenBLAS (single-threaded, split over
 * our own threads by {@link CpuGemm}; bf16 gemm by our own kernel where the CPU has AVX512_BF16),
 * everything else by our C++ kernels (src/main/cpp) in the SIMD variant chosen at construction.
 * Follows the {@link Kernels} contract: one caller thread at a time; every kernel splits its work
 * over one {@link RowPool} of {@link #threads()} threads only when each part gets enough work
 * ({@link #MIN_FLOATS_PER_PART}, {@link CpuGemm#MIN_WORK_PER_PART}), so no kernel ever runs more
 * threads than that, and OpenBLAS's own thread pool stays idle.
 */
public final class CpuKernels implements Kernels {
  /** Element-wise and row kernels give each thread at least this many floats. */
  static final long MIN_FLOATS_PER_PART = 1L << 14;

  /**
   * gatherRows gives each thread at least this many floats: its rows come from memory, not cache,
   * so a second thread (with its own outstanding misses) pays off on a training batch already.
   */
  static final long MIN_GATHER_FLOATS_PER_PART = 1L << 14;

  /** gatherRows splits by columns only when each part gets at least this many of every row. */
  static final int MIN_GATHER_COLUMNS_PER_PART = 256;

  private final RowPool pool;
  private final Simd simd;
  private final int level;
  private final NativeMemory.Scratch scratch = new NativeMemory.Scratch();
  private final CpuLosses losses;
  private final CpuGemm gemm;

  /**
   * A cpu backend instance.
   *
   * @param threads at least 1
   * @param simd the variant of our kernels; see {@link Simd#fromSystemProperty()}
   * @throws IllegalStateException when the native libraries cannot load here
   * @throws IllegalArgumentException when this CPU cannot run {@code simd}, or threads < 1
   */
  public CpuKernels(int threads, Simd simd) {
    CpuRuntime.requireAvailable();
    if (!simd.supported()) {
      throw new IllegalArgumentException(
          "this CPU cannot run the "
              + simd.label()
              + " kernels; it supports "
              + Simd.supportedHere());
    }
    this.pool = new RowPool(threads);
    this.simd = simd;
    this.level = simd.code();
    this.losses = new CpuLosses(pool, scratch, level);
    this.gemm = new CpuGemm(pool, simd, scratch);
  }

  @Override
  public String name() {
    return "cpu";
  }

  @Override
  public String description() {
    return "cpu: "
        + OpenBlas.describe()
        + ", simd="
        + simd.label()
        + ", bf16 gemm="
        + gemm.bf16Description()
        + ", threads="
        + threads();
  }

  @Override
  public int threads() {
    return pool.threads();
  }

  /** The SIMD variant this instance runs. */
  public Simd simd() {
    return simd;
  }

  @Override
  public FloatMatrix matrix(int rows, int cols) {
    return CpuFloatMatrix.allocate(rows, cols);
  }

  @Override
  public IntVector ints(int length) {
    return CpuIntVector.allocate(length);
  }

  static NativeMemory.Floats p(FloatMatrix x) {
    if (x instanceof CpuFloatMatrix c) {
      return c.ptr();
    }
    throw new IllegalArgumentException(
        "matrix of another backend given to cpu: " + x.getClass().getName());
  }

  static NativeMemory.Ints p(IntVector x) {
    if (x instanceof CpuIntVector c) {
      return c.ptr();
    }
    throw new IllegalArgumentException(
        "vector of another backend given to cpu: " + x.getClass().getName());
  }

  /** Element ranges of {@code x}, cut at row boundaries. */
  private interface ElementRange {
    void run(long from, long to);
  }

  private void elements(FloatMatrix x, ElementRange op) {
    int cols = x.cols();
    if (x.rows() == 0 || cols == 0) {
      return;
    }
    pool.split(
        x.rows(),
        rowsPerPart(cols),
        (part, from, to) -> op.run((long) from * cols, (long) to * cols));
  }

  /** Rows per thread so that each gets at least {@link #MIN_FLOATS_PER_PART} floats. */
  static int rowsPerPart(long cols) {
    return (int) Math.max(1, MIN_FLOATS_PER_PART / Math.max(1, cols));
  }

  @Override
  public void gemm(
      boolean transA,
      boolean transB,
      float alpha,
      FloatMatrix a,
      FloatMatrix b,
      float beta,
      FloatMatrix c,
      Precision precision) {
    gemm.gemm(transA, transB, alpha, a, b, beta, c, precision);
  }

  @Override
  public void axpy(float alpha, FloatMatrix x, FloatMatrix y) {
    Shapes.same("axpy", x, y);
    NativeMemory.Floats px = p(x);
    NativeMemory.Floats py = p(y);
    elements(x, (from, to) -> CpuNative.vk_axpy(level, from, to, alpha, px, py));
  }

  @Override
  public void scale(float alpha, FloatMatrix x) {
    NativeMemory.Floats px = p(x);
    elements(x, (from, to) -> CpuNative.vk_scale(level, from, to, alpha, px));
  }

  @Override
  public void rowSquaredNorms(FloatMatrix a, FloatMatrix out) {
    Shapes.require(out.rows() == a.rows() && out.cols() == 1, "rowSquaredNorms", a, out);
    NativeMemory.Floats pa = p(a);
    NativeMemory.Floats po = p(out);
    int d = a.cols();
    pool.split(
        a.rows(),
        rowsPerPart(d),
        (part, from, to) -> CpuNative.vk_row_sq_norms(level, pa, from, to, d, po));
  }

  @Override
  public void columnSums(FloatMatrix a, FloatMatrix out) {
    Shapes.require(out.rows() == 1 && out.cols() == a.cols(), "columnSums", a, out);
    NativeMemory.Floats pa = p(a);
    NativeMemory.Floats po = p(out);
    int d = a.cols();
    int minRows = rowsPerPart(d);
    int parts = pool.parts(a.rows(), minRows);
    NativeMemory.Doubles acc = scratch.doubles((long) parts * d);
    pool.split(
        a.rows(),
        minRows,
        (part, from, to) ->
            CpuNative.vk_column_sums(level, pa, from, to, d, acc.slice((long) part * d, d)));
    CpuNative.vk_reduce_parts(acc, parts, d, po);
  }

  @Override
  public void gatherRows(FloatMatrix src, IntVector rows, FloatMatrix dst) {
    Shapes.require(
        dst.rows() == rows.length() && dst.cols() == src.cols(), "gatherRows", src, rows, dst);
    NativeMemory.Floats ps = p(src);
    NativeMemory.Ints pr = p(rows);
    NativeMemory.Floats pd = p(dst);
    int d = src.cols();
    int n = src.rows();
    int m = rows.length();
    int[] bad = {-1};
    // Wide rows are split by columns, in the blocks gemm splits by: each thread then holds the
    // columns of the batch that its part of the weight gradient (batch^T times gradient) reads.
    int blocks = (d + CpuGemm.BLOCK - 1) / CpuGemm.BLOCK;
    long blockFloats = (long) CpuGemm.BLOCK * Math.max(1, m);
    int minBlocks =
        (int) Math.min(blocks + 1L, (MIN_GATHER_FLOATS_PER_PART + blockFloats - 1) / blockFloats);
    int parts = pool.parts(blocks, minBlocks);
    if (parts > 1 && d / parts >= MIN_GATHER_COLUMNS_PER_PART) {
      pool.split(
          blocks,
          minBlocks,
          (part, from, to) -> {
            int c1 = Math.min(d, to * CpuGemm.BLOCK);
            badRow(bad, CpuNative.vk_gather_rows(ps, n, d, pr, 0, m, from * CpuGemm.BLOCK, c1, pd));
          });
    } else {
      pool.split(
          m,
          (int) Math.max(1, MIN_GATHER_FLOATS_PER_PART / Math.max(1, d)),
          (part, from, to) ->
              badRow(bad, CpuNative.vk_gather_rows(ps, n, d, pr, from, to, 0, d, pd)));
    }
    if (bad[0] >= 0) {
      throw new IndexOutOfBoundsException("gatherRows: row " + pr.get(bad[0]) + " of " + n);
    }
  }

  /** Keeps the first bad position that any part reports (b < 0: none). */
  private static void badRow(int[] bad, int b) {
    if (b >= 0) {
      synchronized (bad) {
        bad[0] = bad[0] < 0 ? b : Math.min(bad[0], b);
      }
    }
  }

  @Override
  public void rowArgmax(FloatMatrix a, IntVector out) {
    Shapes.require(out.length() == a.rows(), "rowArgmax", a, out);
    NativeMemory.Floats pa = p(a);
    NativeMemory.Ints po = p(out);
    int d = a.cols();
    pool.split(
        a.rows(), rowsPerPart(d), (part, from, to) -> CpuNative.vk_row_argmax(pa, from, to, d, po));
  }

  @Override
  public Assignment kmeansAssign(
      FloatMatrix x, FloatMatrix centres, IntVector labels, FloatMatrix sums, FloatMatrix counts) {
    return CpuKMeans.assign(pool, scratch, level, x, centres, labels, sums, counts);
  }

  @Override
  public void addBiasActivate(FloatMatrix z, FloatMatrix bias, Activation act) {
    Shapes.require(bias.rows() == 1 && bias.cols() == z.cols(), "addBiasActivate", z, bias);
    NativeMemory.Floats pz = p(z);
    NativeMemory.Floats pb = p(bias);
    int d = z.cols();
    int code = code(act);
    pool.split(
        z.rows(),
        rowsPerPart(d),
        (part, from, to) -> CpuNative.vk_bias_act(level, code, pz, from, to, d, pb));
  }

  /** The activation's number in the C API (vk_bias_act, vk_act_backward). */
  private static int code(Activation act) {
    return switch (act) {
      case IDENTITY -> 0;
      case RELU -> 1;
      case TANH -> 2;
    };
  }

  @Override
  public void activationBackward(FloatMatrix activated, FloatMatrix grad, Activation act) {
    Shapes.same("activationBackward", activated, grad);
    NativeMemory.Floats pa = p(activated);
    NativeMemory.Floats pg = p(grad);
    if (act == Activation.IDENTITY) {
      return;
    }
    int code = code(act);
    elements(activated, (from, to) -> CpuNative.vk_act_backward(level, code, from, to, pa, pg));
  }

  @Override
  public LossResult softmaxCrossEntropy(
      FloatMatrix logits, IntVector labels, FloatMatrix grad, float scale) {
    return losses.softmaxCrossEntropy(logits, labels, grad, scale);
  }

  @Override
  public LossResult logisticLoss(
      FloatMatrix logits, FloatMatrix targets, FloatMatrix grad, float scale) {
    return losses.logisticLoss(logits, targets, grad, scale);
  }

  @Override
  public LossResult squaredError(
      FloatMatrix pred, FloatMatrix targets, FloatMatrix grad, float scale) {
    return losses.squaredError(pred, targets, grad, scale);
  }

  @Override
  public void adamStep(
      FloatMatrix param,
      FloatMatrix grad,
      FloatMatrix m,
      FloatMatrix v,
      float lr,
      float beta1,
      float beta2,
      float eps,
      int step) {
    Shapes.same("adamStep grad", param, grad);
    Shapes.same("adamStep m", param, m);
    Shapes.same("adamStep v", param, v);
    if (step < 1) {
      throw new IllegalArgumentException("adamStep: step must be >= 1, got " + step);
    }
    NativeMemory.Floats pp = p(param);
    NativeMemory.Floats pg = p(grad);
    NativeMemory.Floats pm = p(m);
    NativeMemory.Floats pv = p(v);
    float lrOverC1 = (float) (lr / (1 - Math.pow(beta1, step)));
    float invC2 = (float) (1 / (1 - Math.pow(beta2, step)));
    elements(
        param,
        (from, to) ->
            CpuNative.vk_adam(level, from, to, pp, pg, pm, pv, lrOverC1, beta1, beta2, invC2, eps));
  }

  @Override
  public void softThreshold(FloatMatrix x, float lambda) {
    NativeMemory.Floats px = p(x);
    elements(x, (from, to) -> CpuNative.vk_soft_threshold(px, from, to, lambda));
  }

  @Override
  public void close() {
    pool.close();
    scratch.close();
  }
}
