package dev.vernier.monitor.baseline;

import dev.vernier.core.InvalidInputException;

/** A closed interval {@code [min, max]} of finite numbers. */
public record NumericRange(double min, double max) {
  public NumericRange {
    if (!Double.isFinite(min) || !Double.isFinite(max)) {
      throw new InvalidInputException("range", "must have finite bounds", min + ", " + max);
    }
    if (min > max) {
      throw new InvalidInputException("range.min", "must be <= max " + max, min);
    }
  }

  public boolean contains(double v) {
    return v >= min && v <= max;
  }
}
