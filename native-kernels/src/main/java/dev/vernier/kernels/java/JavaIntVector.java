package dev.vernier.kernels.java;

import dev.vernier.kernels.IntVector;

/** An int vector on the Java heap: a slice of an int array. */
final class JavaIntVector implements IntVector {
  final int[] data;
  final int offset;
  private final int length;

  JavaIntVector(int[] data, int offset, int length) {
    this.data = data;
    this.offset = offset;
    this.length = length;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public IntVector view(int from, int count) {
    if (from < 0 || count < 0 || from + count > length) {
      throw new IndexOutOfBoundsException("elements " + from + "+" + count + " of " + length);
    }
    return new JavaIntVector(data, offset + from, count);
  }

  @Override
  public void copyFrom(int[] src, int off) {
    System.arraycopy(src, off, data, offset, length);
  }

  @Override
  public void copyTo(int[] dst, int off) {
    System.arraycopy(data, offset, dst, off, length);
  }

  @Override
  public void close() {}
}
