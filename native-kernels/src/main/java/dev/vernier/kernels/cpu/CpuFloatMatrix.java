package dev.vernier.kernels.cpu;

import dev.vernier.kernels.FloatMatrix;
import java.lang.ref.Cleaner;
import java.util.Objects;

/**
 * A row-major float matrix in native memory (64-byte aligned, zero-filled). A view shares its
 * root's memory through a pointer at an offset and frees nothing; closing the root frees the memory
 * once, after which the root and every view of it throw {@link IllegalStateException} instead of
 * touching freed memory. Not thread-safe.
 */
final class CpuFloatMatrix implements FloatMatrix {
  private final CpuFloatMatrix root;
  private final NativeMemory.Floats ptr;
  private final int rows;
  private final int cols;
  private final Cleaner.Cleanable free;
  private boolean closed;

  private CpuFloatMatrix(
      CpuFloatMatrix root, NativeMemory.Floats ptr, int rows, int cols, Cleaner.Cleanable free) {
    this.root = root == null ? this : root;
    this.ptr = ptr;
    this.rows = rows;
    this.cols = cols;
    this.free = free;
  }

  static CpuFloatMatrix allocate(int rows, int cols) {
    if (rows < 0 || cols < 0) {
      throw new IllegalArgumentException("cannot allocate a " + rows + "x" + cols + " matrix");
    }
    long n = (long) rows * cols;
    NativeMemory.Floats p =
        new NativeMemory.Floats(NativeMemory.allocate(n * Float.BYTES), n, null);
    return new CpuFloatMatrix(null, p, rows, cols, NativeMemory.freeLater(p, p.address()));
  }

  /** The pointer to this matrix's first value; fails once the memory has been freed. */
  NativeMemory.Floats ptr() {
    if (root.closed) {
      throw new IllegalStateException("a " + rows + "x" + cols + " matrix used after close");
    }
    return ptr;
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
    if (from < 0 || count < 0 || (long) from + count > rows) {
      throw new IndexOutOfBoundsException("rows " + from + "+" + count + " of " + rows);
    }
    return new CpuFloatMatrix(
        root, ptr().slice((long) from * cols, (long) count * cols), count, cols, null);
  }

  @Override
  public void copyFrom(float[] src, int offset) {
    int n = Math.toIntExact(size());
    Objects.checkFromIndexSize(offset, n, src.length);
    ptr().put(src, offset, n);
  }

  @Override
  public void copyTo(float[] dst, int offset) {
    int n = Math.toIntExact(size());
    Objects.checkFromIndexSize(offset, n, dst.length);
    ptr().get(dst, offset, n);
  }

  @Override
  public void fill(float value) {
    CpuNative.vk_fill(ptr(), size(), value);
  }

  @Override
  public void close() {
    if (free != null && !closed) {
      closed = true;
      free.clean();
    }
  }

  @Override
  public String toString() {
    return "cpu "
        + rows
        + "x"
        + cols
        + (free == null ? " view" : "")
        + (root.closed ? " (closed)" : "");
  }
}
