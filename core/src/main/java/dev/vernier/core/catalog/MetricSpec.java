package dev.vernier.core.catalog;

import dev.vernier.core.InvalidInputException;
import java.util.Objects;

/**
 * A metric an algorithm emits, e.g. {@code validation:accuracy} (maximise). Names follow
 * SageMaker's {@code channel:metric} convention.
 */
public record MetricSpec(String name, Direction direction, String description) {
  public MetricSpec {
    Objects.requireNonNull(direction, "direction");
    if (name == null || !name.matches("[a-z][a-z0-9_]*:[a-z][a-z0-9_]*")) {
      throw new InvalidInputException("metric", "names look like channel:metric", name);
    }
  }
}
