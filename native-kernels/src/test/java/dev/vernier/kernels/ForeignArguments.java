package dev.vernier.kernels;

import java.util.List;
import org.junit.jupiter.api.function.Executable;

/**
 * Calls to every {@link Kernels} method with one argument from a foreign backend (and shapes that
 * are otherwise right), each of which must be an {@link IllegalArgumentException}.
 */
final class ForeignArguments {
  private ForeignArguments() {}

  /** A matrix of no backend: only its shape works. */
  record Matrix(int rows, int cols) implements FloatMatrix {
    @Override
    public FloatMatrix rowsView(int from, int count) {
      return new Matrix(count, cols);
    }

    @Override
    public void copyFrom(float[] src, int offset) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void copyTo(float[] dst, int offset) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void fill(float value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  /** An int vector of no backend. */
  record Ints(int length) implements IntVector {
    @Override
    public IntVector view(int from, int count) {
      return new Ints(count);
    }

    @Override
    public void copyFrom(int[] src, int offset) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void copyTo(int[] dst, int offset) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }

  static List<Executable> calls(Kernels k, Twins t) {
    FloatMatrix a = t.mine(3, 3);
    FloatMatrix col = t.mine(3, 1);
    FloatMatrix row = t.mine(1, 3);
    IntVector i3 = t.ints(new int[3]).mine();
    FloatMatrix f = new Matrix(3, 3);
    FloatMatrix fCol = new Matrix(3, 1);
    FloatMatrix fRow = new Matrix(1, 3);
    IntVector fi = new Ints(3);
    Activation tanh = Activation.TANH;
    return List.of(
        () -> k.gemm(false, false, 1, f, a, 0, a),
        () -> k.gemm(false, false, 1, a, f, 0, a),
        () -> k.gemm(false, false, 1, a, a, 0, f),
        () -> k.axpy(1, f, a),
        () -> k.axpy(1, a, f),
        () -> k.scale(2, f),
        () -> k.rowSquaredNorms(f, col),
        () -> k.rowSquaredNorms(a, fCol),
        () -> k.columnSums(f, row),
        () -> k.columnSums(a, fRow),
        () -> k.gatherRows(f, i3, a),
        () -> k.gatherRows(a, fi, a),
        () -> k.gatherRows(a, i3, f),
        () -> k.rowArgmax(f, i3),
        () -> k.rowArgmax(a, fi),
        () -> k.kmeansAssign(f, a, i3, a, col),
        () -> k.kmeansAssign(a, f, i3, a, col),
        () -> k.kmeansAssign(a, a, fi, a, col),
        () -> k.kmeansAssign(a, a, i3, f, col),
        () -> k.kmeansAssign(a, a, i3, a, fCol),
        () -> k.addBiasActivate(f, row, tanh),
        () -> k.addBiasActivate(a, fRow, tanh),
        () -> k.activationBackward(f, a, tanh),
        () -> k.activationBackward(a, f, tanh),
        () -> k.softmaxCrossEntropy(f, i3, a, 1),
        () -> k.softmaxCrossEntropy(a, fi, a, 1),
        () -> k.softmaxCrossEntropy(a, i3, f, 1),
        () -> k.logisticLoss(fCol, col, col, 1),
        () -> k.logisticLoss(col, fCol, col, 1),
        () -> k.logisticLoss(col, col, fCol, 1),
        () -> k.squaredError(f, a, a, 1),
        () -> k.squaredError(a, f, a, 1),
        () -> k.squaredError(a, a, f, 1),
        () -> k.adamStep(f, a, a, a, 0.1f, 0.9f, 0.99f, 1e-8f, 1),
        () -> k.adamStep(a, f, a, a, 0.1f, 0.9f, 0.99f, 1e-8f, 1),
        () -> k.adamStep(a, a, f, a, 0.1f, 0.9f, 0.99f, 1e-8f, 1),
        () -> k.adamStep(a, a, a, f, 0.1f, 0.9f, 0.99f, 1e-8f, 1),
        () -> k.softThreshold(f, 0.1f));
  }
}
