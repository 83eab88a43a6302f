package dev.vernier.core.data;

import java.util.Arrays;

/** A growable float array for readers that do not know the row count up front. */
final class FloatList {
  private float[] values = new float[1024];
  private int size;

  void add(float v) {
    if (size == values.length) {
      values = Arrays.copyOf(values, values.length * 2);
    }
    values[size++] = v;
  }

  int size() {
    return size;
  }

  float[] toArray() {
    return size == values.length ? values : Arrays.copyOf(values, size);
  }
}
