package dev.vernier.kernels;

/**
 * A dense float32 matrix in row-major order, living in the memory of the backend that made it (Java
 * heap, native memory, GPU memory). Only the {@link Kernels} instance that created a matrix may be
 * given it; passing it to another backend is an {@link IllegalArgumentException}.
 *
 * <p>Views ({@link #rowsView}) share memory with their parent and must not outlive it; closing a
 * view does nothing. Not thread-safe: a matrix is used by one training loop at a time.
 */
public interface FloatMatrix extends AutoCloseable {
  int rows();

  int cols();

  default long size() {
    return (long) rows() * cols();
  }

  /** Rows {@code [from, from + count)} as a matrix sharing this one's memory. */
  FloatMatrix rowsView(int from, int count);

  /** Overwrites all {@code rows * cols} values from {@code src[offset...]}. */
  void copyFrom(float[] src, int offset);

  /** Copies all {@code rows * cols} values into {@code dst[offset...]}. */
  void copyTo(float[] dst, int offset);

  /** All values in a new array. */
  default float[] toArray() {
    float[] out = new float[Math.toIntExact(size())];
    copyTo(out, 0);
    return out;
  }

  /** Sets every value to {@code value}. */
  void fill(float value);

  /** Frees the memory this matrix owns; a view frees nothing. Idempotent. */
  @Override
  void close();
}
