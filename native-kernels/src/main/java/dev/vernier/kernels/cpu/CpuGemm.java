package dev.vernier.kernels.cpu;

import dev.vernier.kernels.FloatMatrix;
import dev.vernier.kernels.Precision;
import dev.vernier.kernels.RowPool;
import dev.vernier.kernels.Shapes;

/**
 * The cpu backend's gemm: OpenBLAS sgemm (or, for {@link Precision#BF16}, our vdpbf16ps kernel in
 * vk_gemm_bf16.h where the CPU has it, else sgemm on inputs rounded to bf16), single-threaded,
 * split over the backend's own {@link RowPool}. The larger of m and n is cut into blocks of {@link
 * #BLOCK}; each thread runs one sgemm on its rows of C (and of op(A)) or its columns of C (and of
 * op(B)). A product much deeper than wide (a training batch through a layer, 128 x 784 by 784 x
 * 256) is split over k instead: each thread then reads only its own rows of the weights, the same
 * rows that it updates in the weight gradient's product (784 x 128 by 128 x 256, split by rows), so
 * the weights stay in that core's cache from one step to the next, and OpenBLAS gets a depth it
 * does in one pass. Small products stay on the calling thread ({@link #MIN_WORK_PER_PART}).
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
  private final boolean bf16Kernel;
  private final NativeMemory.Scratch scratch;

  /**
   * A gemm on {@code pool}, with partial products in {@code scratch}; {@code simd} is the SIMD
   * variant of the element-wise passes, and {@link Simd#AVX512_BF16} also runs BF16 products on the
   * vdpbf16ps kernel.
   */
  CpuGemm(RowPool pool, Simd simd, NativeMemory.Scratch scratch) {
    this.pool = pool;
    this.level = simd.code();
    this.bf16Kernel = simd == Simd.AVX512_BF16;
    this.scratch = scratch;
  }

  /** What runs a BF16 product, for descriptions. */
  String bf16Description() {
    return bf16Kernel ? "vdpbf16ps" : "rounded inputs + sgemm";
  }

  /** One thread's product on its part of the operands: sgemm or the bf16 kernel. */
  @FunctionalInterface
  private interface Product {
    void run(
        int part,
        boolean transA,
        boolean transB,
        int m,
        int n,
        int k,
        float alpha,
        NativeMemory.Floats a,
        int lda,
        NativeMemory.Floats b,
        int ldb,
        float beta,
        NativeMemory.Floats c,
        int ldc);
  }

  void gemm(
      boolean transA,
      boolean transB,
      float alpha,
      FloatMatrix a,
      FloatMatrix b,
      float beta,
      FloatMatrix c,
      Precision precision) {
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
    // the split: over k when much deeper than wide, else over the larger of m and n
    int kBlocks = (k + BLOCK - 1) / BLOCK;
    int minK = minBlocks(kBlocks, (long) BLOCK * m * n);
    boolean depth =
        k >= 2 * Math.max(m, n)
            && (long) m * n >= MIN_DEPTH_SPLIT_AREA
            && pool.parts(kBlocks, minK) > 1;
    boolean byRows = m >= n;
    int dimBlocks = ((byRows ? m : n) + BLOCK - 1) / BLOCK;
    int minDim = minBlocks(dimBlocks, (long) BLOCK * (byRows ? n : m) * k);
    int parts = depth ? pool.parts(kBlocks, minK) : pool.parts(dimBlocks, minDim);
    // scratch, in one block: partial products, then rounded copies of A and B or the bf16 kernel's
    // workspace per part (64-byte aligned)
    boolean bf16 = precision == Precision.BF16;
    long partials = depth ? aligned((parts - 1) * (long) m * n) : 0;
    long aSize = (long) a.rows() * a.cols();
    long rounded = bf16 && !bf16Kernel ? aligned(aSize) + (long) b.rows() * b.cols() : 0;
    long workspace = bf16 && bf16Kernel ? CpuNative.vk_gemm_bf16_workspace(m, n, k) : 0;
    long total = partials + rounded + parts * workspace;
    NativeMemory.Floats s = total == 0 ? null : scratch.floats(total);
    Product product = CpuGemm::sgemm;
    if (bf16 && bf16Kernel) {
      NativeMemory.Floats ws = at(s, partials);
      product =
          (part, ta, tb, pm, pn, pk, al, xa, la, xb, lb, be, xc, lc) ->
              CpuNative.vk_gemm_bf16(
                  ta ? 1 : 0,
                  tb ? 1 : 0,
                  pm,
                  pn,
                  pk,
                  al,
                  xa,
                  la,
                  xb,
                  lb,
                  be,
                  xc,
                  lc,
                  at(ws, part * workspace));
    } else if (bf16) {
      NativeMemory.Floats ra = at(s, partials);
      NativeMemory.Floats rb = at(s, partials + aligned(aSize));
      round(pa, aSize, ra);
      round(pb, (long) b.rows() * b.cols(), rb);
      pa = ra;
      pb = rb;
    }
    if (depth) {
      depthSplit(
          product, kBlocks, minK, transA, transB, alpha, pa, lda, pb, ldb, beta, pc, m, n, k, s);
    } else {
      split(
          product, dimBlocks, minDim, byRows, transA, transB, alpha, pa, lda, pb, ldb, beta, pc, m,
          n, k);
    }
  }

  /** Blocks per part so that each part gets at least {@link #MIN_WORK_PER_PART}. */
  private static int minBlocks(int blocks, long blockWork) {
    return (int) Math.min(blocks + 1L, (MIN_WORK_PER_PART + blockWork - 1) / blockWork);
  }

  /** The first multiple of 16 floats (64 bytes) at or above {@code floats}. */
  private static long aligned(long floats) {
    return (floats + 15) / 16 * 16;
  }

  /** {@code dst[i] = bf16(src[i])} for {@code n} floats, split over the pool. */
  private void round(NativeMemory.Floats src, long n, NativeMemory.Floats dst) {
    int rows = (int) ((n + BLOCK - 1) / BLOCK);
    pool.split(
        rows,
        (int) Math.max(1, CpuKernels.MIN_FLOATS_PER_PART / BLOCK),
        (part, from, to) ->
            CpuNative.vk_round_bf16(
                level, (long) from * BLOCK, Math.min(n, (long) to * BLOCK), src, dst));
  }

  private static void sgemm(
      int part,
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      float alpha,
      NativeMemory.Floats a,
      int lda,
      NativeMemory.Floats b,
      int ldb,
      float beta,
      NativeMemory.Floats c,
      int ldc) {
    OpenBlas.sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  }

  /**
   * Each thread runs the product on its blocks of rows of C (and of op(A)) or columns of C (and of
   * op(B)). C keeps its row stride n in every part.
   */
  private void split(
      Product product,
      int blocks,
      int minBlocks,
      boolean byRows,
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
      int k) {
    int dim = byRows ? m : n;
    pool.split(
        blocks,
        minBlocks,
        (part, from, to) -> {
          int lo = from * BLOCK;
          int count = Math.min(dim, to * BLOCK) - lo;
          if (byRows) {
            product.run(
                part,
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
            product.run(
                part,
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
   * takes a range of k, the first into C, the others into {@code partial} (at its start), then the
   * partial products are added into C, each thread summing its own rows.
   */
  private void depthSplit(
      Product product,
      int kBlocks,
      int minK,
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
      NativeMemory.Floats partial) {
    long mn = (long) m * n;
    int parts = pool.parts(kBlocks, minK);
    pool.split(
        kBlocks,
        minK,
        (part, from, to) -> {
          int k0 = from * BLOCK;
          int kc = Math.min(k, to * BLOCK) - k0;
          product.run(
              part,
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
