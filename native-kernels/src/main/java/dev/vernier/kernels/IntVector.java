package dev.vernier.kernels;

/**
 * A vector of int32 in a backend's memory: class labels, cluster assignments, row indices. Same
 * ownership rules as {@link FloatMatrix}.
 */
public interface IntVector extends AutoCloseable {
  int length();

  /** Elements {@code [from, from + count)} sharing this vector's memory. */
  IntVector view(int from, int count);

  void copyFrom(int[] src, int offset);

  void copyTo(int[] dst, int offset);

  default int[] toArray() {
    int[] out = new int[length()];
    copyTo(out, 0);
    return out;
  }

  @Override
  void close();
}
