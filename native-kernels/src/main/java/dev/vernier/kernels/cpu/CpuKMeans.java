package dev.vernier.kernels.cpu;

import dev.vernier.kernels.Assignment;
import dev.vernier.kernels.FloatMatrix;
import dev.vernier.kernels.IntVector;
import dev.vernier.kernels.RowPool;
import dev.vernier.kernels.Shapes;

/**
 * The fused k-means pass of {@link CpuKernels}: rows split over the pool, each part assigning its
 * rows and summing them into its own slice of scratch memory, the parts' sums reduced here.
 */
final class CpuKMeans {
  private CpuKMeans() {}

  /** k-means gives each thread at least this many multiply-adds. */
  static final long MIN_WORK_PER_PART = 1L << 22;

  static Assignment assign(
      RowPool pool,
      NativeMemory.Scratch scratch,
      int level,
      FloatMatrix x,
      FloatMatrix centres,
      IntVector labels,
      FloatMatrix sums,
      FloatMatrix counts) {
    Shapes.kmeansAssign(x, centres, labels, sums, counts);
    int n = x.rows();
    int d = x.cols();
    int k = centres.rows();
    NativeMemory.Floats px = CpuKernels.p(x);
    NativeMemory.Floats pc = CpuKernels.p(centres);
    NativeMemory.Ints pl = CpuKernels.p(labels);
    NativeMemory.Floats ps = CpuKernels.p(sums);
    NativeMemory.Floats pn = CpuKernels.p(counts);
    long kd = (long) k * d;
    int minRows = (int) Math.min(n + 1L, Math.max(64, MIN_WORK_PER_PART / (kd + d + 1)));
    int parts = pool.parts(n, minRows);
    NativeMemory.Floats norms = scratch.floats(k);
    CpuNative.vk_row_sq_norms(level, pc, 0, k, d, norms);
    NativeMemory.Doubles acc = scratch.doubles(parts * (kd + k + 2));
    NativeMemory.Doubles partSums = acc.slice(0, parts * kd);
    NativeMemory.Doubles partCounts = acc.slice(parts * kd, (long) parts * k);
    NativeMemory.Doubles stats = acc.slice(parts * (kd + k), 2L * parts);
    pool.split(
        n,
        minRows,
        (part, from, to) ->
            CpuNative.vk_kmeans_assign(
                level,
                px,
                from,
                to,
                d,
                pc,
                norms,
                k,
                pl,
                partSums.slice(part * kd, kd),
                partCounts.slice((long) part * k, k),
                stats.slice(2L * part, 2)));
    CpuNative.vk_reduce_parts(partSums, parts, kd, ps);
    CpuNative.vk_reduce_parts(partCounts, parts, k, pn);
    double inertia = 0;
    long changed = 0;
    for (int part = 0; part < parts; part++) {
      if (stats.get(2L * part + 1) < 0) {
        throw new OutOfMemoryError("kmeansAssign: no native memory for " + kd + " floats");
      }
      inertia += stats.get(2L * part);
      changed += (long) stats.get(2L * part + 1);
    }
    return new Assignment(inertia, changed);
  }
}
