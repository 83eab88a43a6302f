package dev.vernier.kernels.cpu;

import dev.vernier.kernels.FloatMatrix;
import dev.vernier.kernels.RowPool;
import dev.vernier.kernels.Shapes;

/**
 * The cpu backend's gemm: OpenBLAS sgemm, single-threaded, split over the backend's own {@link
 * RowPool}. The larger of m and n is cut into blocks of {@link #BLOCK}; each thread runs one sgemm
 * on its rows of C (and of op(A)) or its columns of C (and of op(B)). A product much deeper than
 * wide (a training batch through a layer, 128 x 784 by 784 x 256) is split over k instead: each
 * thread then reads only its own rows of the weights, the same rows that it updates in the weight
 * gradient's product (784 x 128 by 128 x 256, split by rows), so the weights stay in that core's
 * cache from one step to the next, and OpenBLAS gets a depth it does in one pass. Small products
 * stay on the calling thread ({@link #MIN_WORK_PER_PART}).
 *
 * <p>Why not OpenBLAS's own threads: a training step's products are small (a 128-row batch), where
 * its threading costs more than it gains, and its workers spin after each call and inside each
 * product, which makes a gemm tens of times slower once another process takes one of the cores. Our
 * pool costs one handoff per product and yields the core when it has to wait.
 */
final class CpuGemm {
  /** Each thread gets at least this many multiply-adds. */
  static final long MIN_WORK_PER_PART = 1L << 16;

  /** Rows or columns of C (or the depth k) are split over threads in blocks of this many. */
  static final int BLOCK = 16;

  /**
   * A product at least twice as deep as it is wide is split over k instead, when C has at least
   * this many elements (the partial products are added up in one more pass over C).
   */
  static final long MIN_DEPTH_SPLIT_AREA = 1L << 14;

  private final RowPool pool;
  private final int level;
  private final NativeMemory.Scratch scratch;

  /**
   * A gemm on {@code pool}, with partial products in {@code scratch}; {@code level} is the SIMD
   * variant of the element-wise passes.
   */
  CpuGemm(RowPool pool, int level, NativeMemory.Scratch scratch) {
    this.pool = pool;
    this.level = level;
    this.scratch = scratch;
  }

  void gemm(
      boolean transA,
      boolean transB,
      float alpha,
      FloatMatrix a,
      FloatMatrix b,
      float beta,
      FloatMatrix c) {
    int[] mnk = Shapes.gemm(transA, transB, a, b, c);
    NativeMemory.Floats pa = CpuKernels.p(a);
    NativeMemory.Floats pb = CpuKernels.p(b);
    NativeMemory.Floats pc = CpuKernels.p(c);
    int m = mnk[0];
    int n = mnk[1];
    int k = mnk[2];
    if (m == 0 || n == 0) {
      return;
    }
    if (k == 0 || alpha == 0) { // BLAS reads neither A nor B here; C = beta C, NaN-free if beta 0
      if (beta == 0) {
        c.fill(0);
      } else {
        CpuNative.vk_scale(level, 0, (long) m * n, beta, pc);
      }
      return;
    }
    int lda = Math.max(1, a.cols());
    int ldb = Math.max(1, b.cols());
    if (k >= 2 * Math.max(m, n) && (long) m * n >= MIN_DEPTH_SPLIT_AREA) {
      int kBlocks = (k + BLOCK - 1) / BLOCK;
      long kBlockWork = (long) BLOCK * m * n;
      int minK = (int) Math.min(kBlocks + 1L, (MIN_WORK_PER_PART + kBlockWork - 1) / kBlockWork);
      int parts = pool.parts(kBlocks, minK);
      if (parts > 1) {
        depthSplit(transA, transB, alpha, pa, lda, pb, ldb, beta, pc, m, n, k, kBlocks, minK);
        return;
      }
    }
    boolean byRows = m >= n;
    int dim = byRows ? m : n;
    long blockWork = (long) BLOCK * (byRows ? n : m) * k;
    int blocks = (dim + BLOCK - 1) / BLOCK;
    int minBlocks = (int) Math.min(blocks + 1L, (MIN_WORK_PER_PART + blockWork - 1) / blockWork);
    pool.split(
        blocks,
        minBlocks,
        (part, from, to) -> {
          int lo = from * BLOCK;
          int count = Math.min(dim, to * BLOCK) - lo;
          if (byRows) {
            OpenBlas.sgemm(
                transA,
                transB,
                count,
                n,
                k,
                alpha,
                at(pa, transA ? lo : (long) lo * lda),
                lda,
                pb,
                ldb,
                beta,
                at(pc, (long) lo * n),
                n);
          } else {
            OpenBlas.sgemm(
                transA,
                transB,
                m,
                count,
                k,
                alpha,
                pa,
                lda,
                at(pb, transB ? (long) lo * ldb : lo),
                ldb,
                beta,
                at(pc, lo),
                n);
          }
        });
  }

  /**
   * A product much deeper than it is wide (a training batch times a layer's weights): each thread
   * takes a range of k, the first into C, the others into scratch, then the partial products are
   * added into C, each thread summing its own rows.
   */
  private void depthSplit(
      boolean transA,
      boolean transB,
      float alpha,
      NativeMemory.Floats pa,
      int lda,
      NativeMemory.Floats pb,
      int ldb,
      float beta,
      NativeMemory.Floats pc,
      int m,
      int n,
      int k,
      int kBlocks,
      int minK) {
    long mn = (long) m * n;
    int parts = pool.parts(kBlocks, minK);
    NativeMemory.Floats partial = scratch.floats((parts - 1) * mn);
    pool.split(
        kBlocks,
        minK,
        (part, from, to) -> {
          int k0 = from * BLOCK;
          int kc = Math.min(k, to * BLOCK) - k0;
          OpenBlas.sgemm(
              transA,
              transB,
              m,
              n,
              kc,
              alpha,
              at(pa, transA ? (long) k0 * lda : k0),
              lda,
              at(pb, transB ? k0 : (long) k0 * ldb),
              ldb,
              part == 0 ? beta : 0f,
              part == 0 ? pc : at(partial, (part - 1) * mn),
              n);
        });
    pool.split(
        m,
        (int) Math.max(1, CpuKernels.MIN_FLOATS_PER_PART / n),
        (part, from, to) -> {
          for (int p = 1; p < parts; p++) {
            CpuNative.vk_axpy(
                level, (long) from * n, (long) to * n, 1f, at(partial, (p - 1) * mn), pc);
          }
        });
  }

  /** The pointer {@code floats} floats after {@code p}. */
  private static NativeMemory.Floats at(NativeMemory.Floats p, long floats) {
    return floats == 0 ? p : p.slice(floats, p.capacity() - floats);
  }
}
