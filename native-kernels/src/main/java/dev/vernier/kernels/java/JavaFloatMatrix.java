package dev.vernier.kernels.java;

import dev.vernier.kernels.FloatMatrix;
import java.util.Arrays;

/** A matrix on the Java heap: a slice of a float array. */
final class JavaFloatMatrix implements FloatMatrix {
  final float[] data;
  final int offset;
  private final int rows;
  private final int cols;

  JavaFloatMatrix(float[] data, int offset, int rows, int cols) {
    this.data = data;
    this.offset = offset;
    this.rows = rows;
    this.cols = cols;
  }

  @Override
  public int rows() {
    return rows;
  }

  @Override
  public int cols() {
    return cols;
  }

  @Override
  public FloatMatrix rowsView(int from, int count) {
    if (from < 0 || count < 0 || from + count > rows) {
      throw new IndexOutOfBoundsException("rows " + from + "+" + count + " of " + rows);
    }
    return new JavaFloatMatrix(data, offset + from * cols, count, cols);
  }

  @Override
  public void copyFrom(float[] src, int off) {
    System.arraycopy(src, off, data, offset, rows * cols);
  }

  @Override
  public void copyTo(float[] dst, int off) {
    System.arraycopy(data, offset, dst, off, rows * cols);
  }

  @Override
  public void fill(float value) {
    Arrays.fill(data, offset, offset + rows * cols, value);
  }

  @Override
  public void close() {}
}
