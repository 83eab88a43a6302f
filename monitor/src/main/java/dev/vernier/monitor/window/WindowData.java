package dev.vernier.monitor.window;

/**
 * The rows of one window: features row-major ({@code rows x cols}, NaN for missing), the model's
 * predictions, and the (row, feature) pairs whose value had the wrong type.
 */
public record WindowData(
    int rows, int cols, float[] features, float[] predictions, int[] mismatches) {
  public WindowData {
    if (features.length != (long) rows * cols || predictions.length != rows) {
      throw new IllegalArgumentException(
          "window arrays do not match " + rows + " x " + cols + ": " + features.length);
    }
    if (mismatches.length % 2 != 0) {
      throw new IllegalArgumentException("mismatches must be (row, feature) pairs");
    }
  }
}
