package dev.vernier.kernels.cpu;

import dev.vernier.kernels.FloatMatrix;
import dev.vernier.kernels.IntVector;
import dev.vernier.kernels.LossResult;
import dev.vernier.kernels.RowPool;
import dev.vernier.kernels.Shapes;
import org.bytedeco.javacpp.DoublePointer;

/**
 * The loss kernels of {@link CpuKernels}, with its contract: shapes checked first, rows split over
 * the instance's {@link RowPool} when each thread gets enough work, each part writing its {loss,
 * correct} to its own slot of scratch memory, summed here.
 */
final class CpuLosses {
  private final RowPool pool;
  private final NativeMemory.Scratch scratch;
  private final int level;

  CpuLosses(RowPool pool, NativeMemory.Scratch scratch, int level) {
    this.pool = pool;
    this.scratch = scratch;
    this.level = level;
  }

  LossResult softmaxCrossEntropy(
      FloatMatrix logits, IntVector labels, FloatMatrix grad, float scale) {
    Shapes.same("softmaxCrossEntropy", logits, grad);
    Shapes.require(labels.length() == logits.rows(), "softmaxCrossEntropy labels", logits, labels);
    NativeMemory.Floats pz = CpuKernels.p(logits);
    NativeMemory.Ints pl = CpuKernels.p(labels);
    NativeMemory.Floats pg = CpuKernels.p(grad);
    int k = logits.cols();
    int[] bad = {-1};
    LossResult r =
        losses(
            logits.rows(),
            CpuKernels.rowsPerPart(k),
            (from, to, stats) -> {
              int b = CpuNative.vk_softmax_xent(level, pz, pl, from, to, k, pg, scale, stats);
              if (b >= 0) {
                synchronized (bad) {
                  bad[0] = bad[0] < 0 ? b : Math.min(bad[0], b);
                }
              }
            });
    if (bad[0] >= 0) {
      throw new IndexOutOfBoundsException(
          "softmaxCrossEntropy: label " + pl.get(bad[0]) + " of " + k + " classes");
    }
    return r;
  }

  LossResult logisticLoss(FloatMatrix logits, FloatMatrix targets, FloatMatrix grad, float scale) {
    Shapes.require(logits.cols() == 1, "logisticLoss", logits);
    Shapes.same("logisticLoss targets", logits, targets);
    Shapes.same("logisticLoss grad", logits, grad);
    NativeMemory.Floats pz = CpuKernels.p(logits);
    NativeMemory.Floats py = CpuKernels.p(targets);
    NativeMemory.Floats pg = CpuKernels.p(grad);
    return losses(
        logits.rows(),
        CpuKernels.rowsPerPart(8), // exp and log per element: worth threads sooner
        (from, to, stats) -> CpuNative.vk_logistic(pz, py, from, to, pg, scale, stats));
  }

  LossResult squaredError(FloatMatrix pred, FloatMatrix targets, FloatMatrix grad, float scale) {
    Shapes.same("squaredError targets", pred, targets);
    Shapes.same("squaredError grad", pred, grad);
    NativeMemory.Floats pp = CpuKernels.p(pred);
    NativeMemory.Floats py = CpuKernels.p(targets);
    NativeMemory.Floats pg = CpuKernels.p(grad);
    int cols = pred.cols();
    return losses(
        cols == 0 ? 0 : pred.rows(),
        CpuKernels.rowsPerPart(cols),
        (from, to, stats) ->
            CpuNative.vk_squared_error(
                pp, py, (long) from * cols, (long) to * cols, pg, scale, stats));
  }

  /** A loss over rows [from, to) writing {loss, correct} to stats. */
  private interface LossPart {
    void run(int from, int to, DoublePointer stats);
  }

  private LossResult losses(int rows, int minRows, LossPart op) {
    int parts = pool.parts(rows, minRows);
    NativeMemory.Doubles stats = scratch.doubles(2L * parts);
    pool.split(rows, minRows, (part, from, to) -> op.run(from, to, stats.slice(2L * part, 2)));
    double loss = 0;
    long correct = 0;
    for (int part = 0; part < parts; part++) {
      loss += stats.get(2L * part);
      correct += (long) stats.get(2L * part + 1);
    }
    return new LossResult(loss, correct);
  }
}
