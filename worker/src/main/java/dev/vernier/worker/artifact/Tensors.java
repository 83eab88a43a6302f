package dev.vernier.worker.artifact;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Named float32 matrices, in insertion order: a model's parameters as stored. */
public final class Tensors {
  /** One stored matrix, row-major. */
  public record Tensor(int rows, int cols, float[] values) {
    public Tensor {
      if ((long) rows * cols != values.length) {
        throw new IllegalArgumentException(values.length + " values for " + rows + "x" + cols);
      }
    }
  }

  private final Map<String, Tensor> tensors = new LinkedHashMap<>();

  public Tensors put(String name, int rows, int cols, float[] values) {
    tensors.put(name, new Tensor(rows, cols, values));
    return this;
  }

  /**
   * @throws IllegalArgumentException naming what is there when {@code name} is missing
   */
  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException(
          "no tensor '" + name + "'; the model holds " + tensors.keySet());
    }
    return t;
  }

  public Map<String, Tensor> asMap() {
    return Collections.unmodifiableMap(tensors);
  }
}
