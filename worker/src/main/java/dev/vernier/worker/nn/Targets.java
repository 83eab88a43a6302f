package dev.vernier.worker.nn;

import dev.vernier.kernels.FloatMatrix;
import dev.vernier.kernels.IntVector;
import dev.vernier.kernels.Kernels;

/**
 * A dataset's targets, on the host (to gather mini-batches) and in the kernels' memory (to evaluate
 * whole chunks): class indices for {@link Head#SOFTMAX}, floats (0/1 or real values) otherwise.
 */
public final class Targets implements AutoCloseable {
  final int[] classes;
  final float[] values;
  final IntVector deviceClasses;
  final FloatMatrix deviceValues;

  private Targets(int[] classes, float[] values, Kernels k) {
    this.classes = classes;
    this.values = values;
    this.deviceClasses = classes == null ? null : k.upload(classes);
    this.deviceValues = values == null ? null : k.upload(values, values.length, 1);
  }

  public static Targets classes(int[] classes, Kernels k) {
    return new Targets(classes, null, k);
  }

  public static Targets values(float[] values, Kernels k) {
    return new Targets(null, values, k);
  }

  /** {@code dst[i] = classes[order[start + i]]} for {@code i < n}: a batch's classes. */
  void gatherClasses(int[] order, int start, int n, int[] dst) {
    for (int i = 0; i < n; i++) {
      dst[i] = classes[order[start + i]];
    }
  }

  /** {@code dst[i] = values[order[start + i]]} for {@code i < n}: a batch's values. */
  void gatherValues(int[] order, int start, int n, float[] dst) {
    for (int i = 0; i < n; i++) {
      dst[i] = values[order[start + i]];
    }
  }

  int length() {
    return classes != null ? classes.length : values.length;
  }

  @Override
  public void close() {
    if (deviceClasses != null) {
      deviceClasses.close();
    }
    if (deviceValues != null) {
      deviceValues.close();
    }
  }
}
