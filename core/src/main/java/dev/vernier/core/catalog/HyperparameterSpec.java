package dev.vernier.core.catalog;

import dev.vernier.core.InvalidInputException;
import dev.vernier.core.space.ParameterRange;
import java.util.Objects;

/**
 * One hyperparameter of an algorithm: its name, the range of valid values, the default (null when
 * the user must give it) and whether tuning it makes sense.
 */
public record HyperparameterSpec(
    String name, ParameterRange range, Object defaultValue, boolean tunable, String description) {
  public HyperparameterSpec {
    Objects.requireNonNull(range, "range");
    if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
      throw new InvalidInputException("hyperparameter", "names are lower_snake_case", name);
    }
    if (defaultValue != null) {
      defaultValue = range.coerce(name, defaultValue);
    }
  }

  public boolean required() {
    return defaultValue == null;
  }
}
