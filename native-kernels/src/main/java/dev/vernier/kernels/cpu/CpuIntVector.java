package dev.vernier.kernels.cpu;

import dev.vernier.kernels.IntVector;
import java.lang.ref.Cleaner;
import java.util.Objects;

/**
 * An int32 vector in native memory, with the ownership rules of {@link CpuFloatMatrix}: views share
 * memory and free nothing; after the root is closed, every use throws {@link
 * IllegalStateException}. Not thread-safe.
 */
final class CpuIntVector implements IntVector {
  private final CpuIntVector root;
  private final NativeMemory.Ints ptr;
  private final int length;
  private final Cleaner.Cleanable free;
  private boolean closed;

  private CpuIntVector(
      CpuIntVector root, NativeMemory.Ints ptr, int length, Cleaner.Cleanable free) {
    this.root = root == null ? this : root;
    this.ptr = ptr;
    this.length = length;
    this.free = free;
  }

  static CpuIntVector allocate(int length) {
    if (length < 0) {
      throw new IllegalArgumentException("cannot allocate an int vector of length " + length);
    }
    NativeMemory.Ints p =
        new NativeMemory.Ints(NativeMemory.allocate((long) length * Integer.BYTES), length, null);
    return new CpuIntVector(null, p, length, NativeMemory.freeLater(p, p.address()));
  }

  /** The pointer to this vector's first element; fails once the memory has been freed. */
  NativeMemory.Ints ptr() {
    if (root.closed) {
      throw new IllegalStateException("an int vector of length " + length + " used after close");
    }
    return ptr;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public IntVector view(int from, int count) {
    if (from < 0 || count < 0 || (long) from + count > length) {
      throw new IndexOutOfBoundsException("elements " + from + "+" + count + " of " + length);
    }
    return new CpuIntVector(root, ptr().slice(from, count), count, null);
  }

  @Override
  public void copyFrom(int[] src, int offset) {
    Objects.checkFromIndexSize(offset, length, src.length);
    ptr().put(src, offset, length);
  }

  @Override
  public void copyTo(int[] dst, int offset) {
    Objects.checkFromIndexSize(offset, length, dst.length);
    ptr().get(dst, offset, length);
  }

  @Override
  public void close() {
    if (free != null && !closed) {
      closed = true;
      free.clean();
    }
  }
}
