package dev.vernier.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test data made twice, with the same values: once in the backend under test ("mine") and once in
 * the java oracle ("ref"). Closes everything it made. Also the tolerance checks of the contract
 * test.
 */
final class Twins implements AutoCloseable {
  /** A matrix in both backends. */
  record M(FloatMatrix mine, FloatMatrix ref) {
    int rows() {
      return ref.rows();
    }

    int cols() {
      return ref.cols();
    }

    /** Rows [from, from + count) of both, as views. */
    M view(int from, int count) {
      return new M(mine.rowsView(from, count), ref.rowsView(from, count));
    }
  }

  /** An int vector in both backends. */
  record V(IntVector mine, IntVector ref) {}

  final Kernels kernels;
  final Kernels oracle;
  final SplittableRandom rnd;
  private final List<AutoCloseable> made = new ArrayList<>();

  Twins(Kernels kernels, Kernels oracle, long seed) {
    this.kernels = kernels;
    this.oracle = oracle;
    this.rnd = new SplittableRandom(seed);
  }

  M of(float[] data, int rows, int cols) {
    FloatMatrix a = kernels.upload(data, rows, cols);
    FloatMatrix b = oracle.upload(data, rows, cols);
    made.add(a);
    made.add(b);
    return new M(a, b);
  }

  /** Uniform values in [lo, hi). */
  M random(int rows, int cols, double lo, double hi) {
    return of(values(rows * cols, lo, hi), rows, cols);
  }

  M filled(int rows, int cols, float value) {
    float[] d = new float[rows * cols];
    java.util.Arrays.fill(d, value);
    return of(d, rows, cols);
  }

  V ints(int[] data) {
    IntVector a = kernels.upload(data);
    IntVector b = oracle.upload(data);
    made.add(a);
    made.add(b);
    return new V(a, b);
  }

  float[] values(int n, double lo, double hi) {
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
    }
    return d;
  }

  int[] labels(int n, int classes) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = rnd.nextInt(classes);
    }
    return out;
  }

  /** A mine-only matrix, closed with the rest. */
  FloatMatrix mine(int rows, int cols) {
    FloatMatrix m = kernels.matrix(rows, cols);
    made.add(m);
    return m;
  }

  @Override
  public void close() {
    for (AutoCloseable c : made) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Both sides equal within {@code rel * |ref| + abs}, NaN only where the oracle has NaN. */
  static void assertClose(String what, M m, double rel, double abs) {
    assertClose(what, m.ref.toArray(), m.mine.toArray(), rel, abs);
  }

  static void assertClose(String what, float[] expected, float[] actual, double rel, double abs) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      assertNear(what + " [" + i + "]", expected[i], actual[i], rel * Math.abs(expected[i]) + abs);
    }
  }

  /** {@code |expected - actual| <= tol}, where NaN must match NaN and infinities must be equal. */
  static void assertNear(String what, double expected, double actual, double tol) {
    if (Double.isNaN(expected) || Double.isInfinite(expected)) {
      if (Double.compare(expected, actual) != 0) {
        fail(what + ": expected " + expected + ", got " + actual);
      }
      return;
    }
    if (!(Math.abs(expected - actual) <= tol)) {
      fail(what + ": expected " + expected + ", got " + actual + " (tolerance " + tol + ")");
    }
  }
}
