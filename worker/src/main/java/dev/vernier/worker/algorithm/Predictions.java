package dev.vernier.worker.algorithm;

import java.util.List;

/**
 * A model's output for a dataset: one row per input row, named columns (e.g. {@code
 * predicted_label, probability}), row-major values.
 */
public record Predictions(List<String> columns, int rows, float[] values) {
  public Predictions {
    columns = List.copyOf(columns);
    if ((long) rows * columns.size() != values.length) {
      throw new IllegalArgumentException(
          values.length + " values for " + rows + " rows of " + columns);
    }
  }

  public float get(int row, int column) {
    return values[row * columns.size() + column];
  }

  /** The first column: the label, cluster or score each row is given. */
  public float primary(int row) {
    return get(row, 0);
  }
}
